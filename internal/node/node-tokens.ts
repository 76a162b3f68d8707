/** DI tokens of the node's composition root (internal: only node-container.ts binds them). */
export const NODE_TOKENS = {
  Config: Symbol.for('wes.node.Config'),
  ChainStore: Symbol.for('wes.node.ChainStore'),
  Metrics: Symbol.for('wes.node.Metrics'),
  Engine: Symbol.for('wes.node.Engine'),
  MeteredEngine: Symbol.for('wes.node.MeteredEngine'),
  BlockExecutor: Symbol.for('wes.node.BlockExecutor'),
  BlockSource: Symbol.for('wes.node.BlockSource'),
  NodeService: Symbol.for('wes.node.NodeService'),
  Clock: Symbol.for('wes.node.Clock'),
  Simulations: Symbol.for('wes.node.Simulations'),
  Signatures: Symbol.for('wes.node.Signatures'),
} as const;
