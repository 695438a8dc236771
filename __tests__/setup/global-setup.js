// Starts one in-process dynalite (a DynamoDB-compatible server) on a free loopback port for the whole
// test run. Tests read its address from DEPLOY_LOCK_TEST_ENDPOINT and make their own uniquely named tables.
import dynalite from 'dynalite';

export default async function globalSetup() {
  const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
  await new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', resolve);
  });
  const { port } = server.address();
  globalThis.__DYNALITE__ = server;
  process.env.DEPLOY_LOCK_TEST_ENDPOINT = `http://127.0.0.1:${port}`;
  // dynalite accepts any credentials; the SDK only needs some to sign with.
  process.env.AWS_ACCESS_KEY_ID ??= 'test';
  process.env.AWS_SECRET_ACCESS_KEY ??= 'test';
  process.env.AWS_REGION ??= 'us-east-1';
  // The SDK's notice that its future versions need Node 22 is noise in test output (the version is pinned).
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
}
