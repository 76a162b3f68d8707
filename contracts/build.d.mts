export declare const ASC_FLAGS: readonly string[];
export interface CompiledContract {
  readonly wasm: string;
  readonly wat: string;
  readonly size: number;
  readonly warnings: string;
}
export declare function compileContract(entry: { name: string; source: string; outDir?: string; baseDir?: string }): Promise<CompiledContract>;
export declare function buildAll(options?: { force?: boolean }): Promise<string[]>;
