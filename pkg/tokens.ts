/** DI tokens (tsyringe). The composition root binds implementations to these. */
export const TOKENS = {
  EngineConfig: Symbol.for('wes.EngineConfig'),
  Loader: Symbol.for('wes.Loader'),
  CompileCache: Symbol.for('wes.CompileCache'),
  Runtime: Symbol.for('wes.Runtime'),
  Executor: Symbol.for('wes.Executor'),
  HostAbi: Symbol.for('wes.HostAbi'),
  WASMEngine: Symbol.for('wes.WASMEngine'),
} as const;
