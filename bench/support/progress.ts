import cliProgress from 'cli-progress';

export interface Counter {
  update(done: number): void;
  stop(): void;
}

/**
 * Progress on stderr (stdout keeps the result table): one line per step, and for long phases a
 * bar on a terminal or a line per tenth elsewhere (CI logs, the smoke test).
 */
export class Progress {
  private readonly started = performance.now();

  constructor(private readonly out: NodeJS.WriteStream = process.stderr) {}

  line(scope: string, message: string): void {
    this.out.write(`[${this.elapsed()}] ${scope}: ${message}\n`);
  }

  counter(scope: string, label: string, total: number): Counter {
    if (this.out.isTTY) {
      const bar = new cliProgress.SingleBar(
        {
          format: `[${this.elapsed()}] ${scope}: ${label} |{bar}| {value}/{total} | ETA {eta_formatted}`,
          hideCursor: true,
          stream: this.out,
        },
        cliProgress.Presets.shades_classic,
      );
      bar.start(total, 0);
      return { update: (done) => bar.update(done), stop: () => bar.stop() };
    }
    let reportedTenths = 0;
    return {
      update: (done) => {
        const tenths = Math.floor((done / total) * 10);
        if (tenths <= reportedTenths) return;
        reportedTenths = tenths;
        this.line(scope, `${label} ${done}/${total}`);
      },
      stop: () => undefined,
    };
  }

  private elapsed(): string {
    const seconds = Math.floor((performance.now() - this.started) / 1000);
    return `${String(Math.floor(seconds / 60)).padStart(2, '0')}:${String(seconds % 60).padStart(2, '0')}`;
  }
}
