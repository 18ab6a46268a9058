import type { IngestionStore } from '../ingestion/write-set.ts';
import type { DefinitionRecorder } from './definition-recorder.ts';

/**
 * The one hook into ingestion, as a decorator of its port (like the timed store): each durable commit's write
 * set is handed to the recorder, an array push, so definitions cost the commit path nothing and a failed commit
 * records nothing. The ingestion queue itself is untouched.
 */
export function recordingDefinitions(store: IngestionStore, recorder: DefinitionRecorder): IngestionStore {
  const recording: IngestionStore = {
    async commit(writeSet) {
      await store.commit(writeSet);
      recorder.committed(writeSet);
    },
    maxDistinctIdVersion: () => store.maxDistinctIdVersion(),
    scanIdentities: (visit) => store.scanIdentities(visit),
  };
  if (store.isDataError) recording.isDataError = (error) => store.isDataError?.(error) ?? false;
  return recording;
}
