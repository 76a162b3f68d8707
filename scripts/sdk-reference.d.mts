export declare const REFERENCE_PATH: string;
export declare function sdkReferenceMarkdown(): string;
