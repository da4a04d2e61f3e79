// Per-shard stream positions of the local poller, kept in the data directory so a restart resumes
// where the last run left off. The file is replaced atomically (write + rename), so a crash
// mid-write leaves the previous, still valid, positions.
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as z from 'zod';

const positionsSchema = z.object({
  streamArn: z.string(),
  shards: z.record(z.string(), z.object({ lastSequence: z.string().optional(), done: z.boolean().optional() })),
});

export type StreamPositions = z.infer<typeof positionsSchema>;

export interface PositionStore {
  load(streamArn: string): StreamPositions;
  save(positions: StreamPositions): void;
}

/** In memory: every start begins at TRIM_HORIZON (the projectors' cursors make the redelivery harmless). */
export const memoryPositions = (): PositionStore => {
  let saved: StreamPositions | undefined;
  return {
    load: (streamArn) => (saved?.streamArn === streamArn ? structuredClone(saved) : { streamArn, shards: {} }),
    save: (positions) => {
      saved = structuredClone(positions);
    },
  };
};

export const filePositions = (dataDir: string, fileName = 'stream-positions.json'): PositionStore => {
  const file = path.resolve(dataDir, fileName);
  return {
    load: (streamArn) => {
      try {
        const stored = positionsSchema.parse(JSON.parse(readFileSync(file, 'utf8')));
        // A recreated table has a new stream: old positions mean nothing there.
        return stored.streamArn === streamArn ? stored : { streamArn, shards: {} };
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { streamArn, shards: {} };
        throw error;
      }
    },
    save: (positions) => {
      mkdirSync(path.dirname(file), { recursive: true });
      const temporary = `${file}.tmp`;
      writeFileSync(temporary, JSON.stringify(positions));
      renameSync(temporary, file);
    },
  };
};
