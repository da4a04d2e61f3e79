// A one-line progress bar on stderr for the command-line tools (npm run demo, npm run import). On a
// terminal it redraws in place; piped to a file it prints a line every tenth of the way.

export interface ProgressBar {
  update(done: number, total: number, label?: string): void;
  done(): void;
}

const duration = (ms: number): string => {
  const s = Math.round(ms / 1000);
  return s >= 60 ? `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s` : `${s}s`;
};

export const createProgressBar = (stream: NodeJS.WriteStream = process.stderr, width = 30): ProgressBar => {
  let started = Date.now();
  let lastTenth = -1;
  let drawn = false;
  let phase: string | undefined;
  return {
    update(done, total, label = '') {
      // A new phase starts its own clock, so rate and ETA describe the phase at hand.
      if (label !== phase) {
        if (drawn && phase !== undefined) stream.write('\n');
        phase = label;
        started = Date.now();
        lastTenth = -1;
      }
      const ratio = total === 0 ? 1 : Math.min(1, done / total);
      const elapsed = Date.now() - started;
      const rate = elapsed > 0 ? (done * 1000) / elapsed : 0;
      const eta = rate > 0 && done < total ? ` ETA ${duration(((total - done) / rate) * 1000)}` : '';
      const filled = Math.round(ratio * width);
      const line = `[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${String(Math.floor(ratio * 100)).padStart(3)}% ${done}/${total} ${rate.toFixed(0)}/s${eta} ${label}`;
      if (stream.isTTY) {
        stream.write(`\r${line.padEnd(100)}`);
        drawn = true;
      } else if (Math.floor(ratio * 10) !== lastTenth) {
        lastTenth = Math.floor(ratio * 10);
        stream.write(`${line}\n`);
      }
    },
    done() {
      if (drawn) stream.write('\n');
    },
  };
};

export { duration };
