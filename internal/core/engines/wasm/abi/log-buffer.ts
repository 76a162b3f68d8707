/** Bounded debug output of one call (log_debug, fd_write). Not consensus data: never hashed. */
export class LogBuffer {
  private bytes = 0;
  readonly lines: string[] = [];
  truncated = false;

  constructor(private readonly maxBytes: number) {}

  add(text: string): void {
    if (this.truncated) return;
    if (this.bytes + text.length > this.maxBytes) {
      this.lines.push(text.slice(0, Math.max(0, this.maxBytes - this.bytes)) + ' …[log truncated]');
      this.truncated = true;
      return;
    }
    this.bytes += text.length;
    this.lines.push(text);
  }
}
