export {
  createTestClient,
  type RecordedEvent,
  TestClient,
  type TestClientOptions,
  type TestFlag,
} from './testing/test-client.ts';
