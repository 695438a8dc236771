import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it, jest } from '@jest/globals';
import {
  BatchGetItemCommand,
  ConditionalCheckFailedException,
  CreateTableCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  PutItemCommand,
  ScanCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
} from '@aws-sdk/client-dynamodb';
import { StoreError } from '../../src/core/errors.js';
import type { Lock } from '../../src/core/lock.js';
import { DynamoLockStore, ensureTable } from '../../src/store/dynamo.js';
import { lockStoreContract, makeLock, NOW } from './contract.js';

function testEndpoint(): string {
  const endpoint = process.env.DEPLOY_LOCK_TEST_ENDPOINT;
  if (!endpoint) throw new Error('DEPLOY_LOCK_TEST_ENDPOINT is not set: the jest global setup starts dynalite');
  return endpoint;
}

let tableCounter = 0;
function uniqueTable(): string {
  tableCounter += 1;
  return `locks-${randomUUID().slice(0, 8)}-${tableCounter}`;
}

async function freshStore(pageSize?: number): Promise<DynamoLockStore> {
  const table = uniqueTable();
  await ensureTable({ table, endpoint: testEndpoint() });
  return new DynamoLockStore({ table, endpoint: testEndpoint(), ...(pageSize !== undefined ? { pageSize } : {}) });
}

function rawClient(): DynamoDBClient {
  return new DynamoDBClient({ endpoint: testEndpoint() });
}

async function listed(store: DynamoLockStore, prefix?: string): Promise<Lock[]> {
  const locks: Lock[] = [];
  for await (const lock of store.list(prefix)) locks.push(lock);
  return locks;
}

/** A loopback port nothing listens on: bind to port 0, note the port, close. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A stand-in for the SDK client where a branch cannot be reached through dynalite. */
function stubClient(handle: (command: unknown) => Promise<unknown>) {
  const send = jest.fn(handle);
  const client = { send, destroy: () => undefined, config: { region: async () => 'us-east-1' } } as unknown as DynamoDBClient;
  return { client, send };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  try {
    await promise;
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the promise to reject');
}

lockStoreContract('dynamodb', { open: ({ pageSize }) => freshStore(pageSize) });

describe('ensureTable', () => {
  it('creates a missing table keyed on path (S), and is idempotent', async () => {
    const table = uniqueTable();
    const first = await ensureTable({ table, endpoint: testEndpoint() });
    expect(first.created).toBe(true);

    const client = rawClient();
    const description = (await client.send(new DescribeTableCommand({ TableName: table }))).Table;
    client.destroy();
    expect(description?.TableStatus).toBe('ACTIVE');
    expect(description?.KeySchema).toEqual([{ AttributeName: 'path', KeyType: 'HASH' }]);
    expect(description?.AttributeDefinitions).toEqual([{ AttributeName: 'path', AttributeType: 'S' }]);

    const second = await ensureTable({ table, endpoint: testEndpoint() });
    expect(second.created).toBe(false);
    expect(second.ttl).toBe(first.ttl);
  });

  it('reports TTL as unsupported on dynalite with a note, not a failure', async () => {
    const result = await ensureTable({ table: uniqueTable(), endpoint: testEndpoint() });
    expect(result.ttl).toBe('unsupported');
    expect(result.notes).toEqual([expect.stringMatching(/does not support TTL \(UpdateTimeToLive: UnknownOperationException\)/)]);
  });

  it('rejects an existing table whose hash key is not path (S)', async () => {
    const table = uniqueTable();
    const client = rawClient();
    await client.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [{ AttributeName: 'id', AttributeType: 'N' }],
        KeySchema: [{ AttributeName: 'id', KeyType: 'HASH' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    client.destroy();
    const error = await rejection(ensureTable({ table, endpoint: testEndpoint() }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toBe(
      `DynamoDB table '${table}' has hash key 'id' (N); deploy-lock needs hash key 'path' (S) and no range key: use another --table`,
    );
  });

  it('rejects a table keyed on path that also has a range key', async () => {
    const table = uniqueTable();
    const client = rawClient();
    await client.send(
      new CreateTableCommand({
        TableName: table,
        AttributeDefinitions: [
          { AttributeName: 'path', AttributeType: 'S' },
          { AttributeName: 'sk', AttributeType: 'S' },
        ],
        KeySchema: [
          { AttributeName: 'path', KeyType: 'HASH' },
          { AttributeName: 'sk', KeyType: 'RANGE' },
        ],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
    client.destroy();
    const error = await rejection(ensureTable({ table, endpoint: testEndpoint() }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toMatch(/has hash key 'path' \(S\) and range key 'sk' \(S\)/);
  });

  describe('TTL on a service that supports it', () => {
    const activeTable = {
      Table: {
        TableStatus: 'ACTIVE',
        KeySchema: [{ AttributeName: 'path', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'path', AttributeType: 'S' }],
      },
    };
    function ttlService(ttl: { TimeToLiveStatus: string; AttributeName?: string }) {
      return stubClient(async (command) => {
        if (command instanceof DescribeTableCommand) return activeTable;
        if (command instanceof DescribeTimeToLiveCommand) return { TimeToLiveDescription: ttl };
        if (command instanceof UpdateTimeToLiveCommand) return {};
        throw new Error(`unexpected command ${String(command)}`);
      });
    }

    it('turns TTL on for expires_at when it is off', async () => {
      const { client, send } = ttlService({ TimeToLiveStatus: 'DISABLED' });
      expect(await ensureTable({ table: 'locks', client })).toEqual({ created: false, ttl: 'enabled', notes: [] });
      const update = send.mock.calls.map(([command]) => command).find((command) => command instanceof UpdateTimeToLiveCommand);
      expect((update as UpdateTimeToLiveCommand).input.TimeToLiveSpecification).toEqual({ AttributeName: 'expires_at', Enabled: true });
    });

    it('leaves TTL alone when it is already on for expires_at', async () => {
      const { client, send } = ttlService({ TimeToLiveStatus: 'ENABLED', AttributeName: 'expires_at' });
      expect(await ensureTable({ table: 'locks', client })).toEqual({ created: false, ttl: 'already-enabled', notes: [] });
      expect(send.mock.calls.some(([command]) => command instanceof UpdateTimeToLiveCommand)).toBe(false);
    });

    it('says so when TTL is on for another attribute', async () => {
      const { client } = ttlService({ TimeToLiveStatus: 'ENABLED', AttributeName: 'ttl' });
      const result = await ensureTable({ table: 'locks', client });
      expect(result.ttl).toBe('unsupported');
      expect(result.notes).toEqual([expect.stringContaining("uses attribute 'ttl', not 'expires_at'")]);
    });
  });
});

describe('DynamoLockStore round trips', () => {
  let store: DynamoLockStore;
  beforeAll(async () => {
    store = await freshStore();
  });
  afterAll(async () => {
    await store.close();
  });

  it('keeps every optional field exactly', async () => {
    const lock = makeLock('apps/full', {
      message: 'database migration',
      ci: { project: 'group/app', ref: 'main', commit: 'abc123', pipeline: '42', job: '7' },
      links: { job: 'https://ci.example.com/jobs/7', pipeline: 'https://ci.example.com/pipelines/42' },
      allow: ['automation', 'incident'],
    });
    expect(await store.putIfAvailable(lock, NOW)).toEqual({ ok: true, lock });
    const [read] = await store.getMany(['apps/full']);
    expect(read).toStrictEqual(lock);
  });

  it('leaves absent optional fields absent and keeps empty links and allow', async () => {
    const lock = makeLock('apps/bare', { links: {}, allow: [] });
    await store.putIfAvailable(lock, NOW);
    const [read] = await store.getMany(['apps/bare']);
    expect(read).toStrictEqual(lock);
    expect(read !== undefined && 'message' in read).toBe(false);
    expect(read !== undefined && 'ci' in read).toBe(false);
  });

  it('keeps an empty message as an empty message', async () => {
    const lock = makeLock('apps/empty-message', { message: '' });
    await store.putIfAvailable(lock, NOW);
    expect(await store.getMany(['apps/empty-message'])).toStrictEqual([lock]);
  });

  it('returns the deleted record from deleteIf', async () => {
    const lock = makeLock('apps/deleted', { message: 'bye' });
    await store.putIfAvailable(lock, NOW);
    expect(await store.deleteIf('apps/deleted', { owner: 'owner-a' })).toStrictEqual({ status: 'deleted', lock });
  });

  it('answers getMany in the order asked, repeats included', async () => {
    await store.putIfAvailable(makeLock('order/a'), NOW);
    await store.putIfAvailable(makeLock('order/b'), NOW);
    const paths = (await store.getMany(['order/b', 'order/missing', 'order/a', 'order/b'])).map((lock) => lock.path);
    expect(paths).toEqual(['order/b', 'order/a', 'order/b']);
  });

  it('reads more than one BatchGetItem request worth of paths', async () => {
    const paths = Array.from({ length: 130 }, (_, index) => `many/${index}`);
    for (const path of paths.filter((_, index) => index % 10 === 0)) await store.putIfAvailable(makeLock(path), NOW);
    const found = await store.getMany(paths);
    expect(found.map((lock) => lock.path)).toEqual(paths.filter((_, index) => index % 10 === 0));
  });

  it('reads a record written without deploy-lock’s optional fields (the original tool had no owner)', async () => {
    const client = new DynamoDBClient({ endpoint: testEndpoint() });
    const table = uniqueTable();
    await ensureTable({ table, client });
    await client.send(new PutItemCommand({ TableName: table, Item: { path: { S: 'legacy/app' }, type: { S: 'deploy' }, expires_at: { N: String(NOW - 5) } } }));
    const legacy = new DynamoLockStore({ table, client });
    expect(await legacy.getMany(['legacy/app'])).toEqual([
      { type: 'deploy', path: 'legacy/app', author: 'unknown', owner: '', links: {}, source: 'legacy/app', allow: [], created_at: NOW - 5, updated_at: NOW - 5, expires_at: NOW - 5 },
    ]);
    expect((await legacy.deleteIf('legacy/app', { expiredAt: NOW })).status).toBe('deleted');
    await legacy.close();
    client.destroy();
  });

  it('reports a record that is not a lock with its path', async () => {
    const client = new DynamoDBClient({ endpoint: testEndpoint() });
    const table = uniqueTable();
    await ensureTable({ table, client });
    await client.send(new PutItemCommand({ TableName: table, Item: { path: { S: 'odd/one' }, type: { S: 'party' }, expires_at: { N: '1' } } }));
    await client.send(new PutItemCommand({ TableName: table, Item: { path: { S: 'odd/two' }, type: { S: 'deploy' } } }));
    const odd = new DynamoLockStore({ table, client });
    const badType = await rejection(odd.getMany(['odd/one']));
    expect(badType).toBeInstanceOf(StoreError);
    expect(badType.message).toBe(`DynamoDB table '${table}' holds a record at 'odd/one' that is not a deploy-lock lock: 'type' is 'party'`);
    const noExpiry = await rejection(odd.getMany(['odd/two']));
    expect(noExpiry.message).toBe(`DynamoDB table '${table}' holds a record at 'odd/two' that is not a deploy-lock lock: 'expires_at' is missing or not a number`);
    await odd.close();
    client.destroy();
  });
});

describe('DynamoLockStore paging', () => {
  it('lists all 25 locks with pageSize 2, following every page', async () => {
    const table = uniqueTable();
    const client = new DynamoDBClient({ endpoint: testEndpoint() });
    await ensureTable({ table, client });
    const send = jest.spyOn(client, 'send');
    const store = new DynamoLockStore({ table, client, pageSize: 2 });
    const paths = Array.from({ length: 25 }, (_, index) => `paged/${String(index).padStart(2, '0')}`);
    for (const path of paths) await store.putIfAvailable(makeLock(path), NOW);
    await store.putIfAvailable(makeLock('elsewhere'), NOW);

    send.mockClear();
    const below = (await listed(store, 'paged')).map((lock) => lock.path).sort();
    expect(below).toEqual(paths);
    const scans = send.mock.calls.filter(([command]) => command instanceof ScanCommand);
    expect(scans.length).toBeGreaterThanOrEqual(13);
    expect(scans.every(([command]) => (command as ScanCommand).input.Limit === 2)).toBe(true);
    expect(scans.every(([command]) => (command as ScanCommand).input.ConsistentRead === true)).toBe(true);

    expect(await listed(store)).toHaveLength(26);
    await store.close();
    client.destroy();
  });
});

describe('DynamoLockStore where dynalite cannot show it', () => {
  const key = (path: string): Record<string, AttributeValue> => ({ path: { S: path } });
  const item = (path: string): Record<string, AttributeValue> => ({
    path: { S: path },
    type: { S: 'deploy' },
    author: { S: 'alice' },
    owner: { S: 'owner-a' },
    links: { M: {} },
    source: { S: path },
    allow: { L: [] },
    created_at: { N: String(NOW) },
    updated_at: { N: String(NOW) },
    expires_at: { N: String(NOW + 60) },
  });

  it('retries keys BatchGetItem leaves unprocessed', async () => {
    let calls = 0;
    const { client, send } = stubClient(async (command) => {
      if (!(command instanceof BatchGetItemCommand)) throw new Error('unexpected command');
      calls += 1;
      return calls === 1
        ? { Responses: { locks: [item('a')] }, UnprocessedKeys: { locks: { Keys: [key('b')], ConsistentRead: true } } }
        : { Responses: { locks: [item('b')] } };
    });
    const store = new DynamoLockStore({ table: 'locks', client });
    expect((await store.getMany(['a', 'b'])).map((lock) => lock.path)).toEqual(['a', 'b']);
    const second = send.mock.calls[1]?.[0] as BatchGetItemCommand;
    expect(second.input.RequestItems?.locks?.Keys).toEqual([key('b')]);
    expect(second.input.RequestItems?.locks?.ConsistentRead).toBe(true);
  });

  it('gives up on keys that stay unprocessed, with a StoreError', async () => {
    const { client, send } = stubClient(async () => ({ Responses: { locks: [] }, UnprocessedKeys: { locks: { Keys: [key('a')] } } }));
    const store = new DynamoLockStore({ table: 'locks', client });
    const error = await rejection(store.getMany(['a']));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toMatch(/left 1 of 1 keys unread in table 'locks'/);
    expect(send.mock.calls.length).toBeGreaterThan(1);
  });

  it('takes the holder from a refused put when the service returns it, without another read', async () => {
    const { client, send } = stubClient(async () => {
      throw new ConditionalCheckFailedException({ message: 'The conditional request failed', $metadata: {}, Item: item('apps') });
    });
    const store = new DynamoLockStore({ table: 'locks', client });
    const result = await store.putIfAvailable(makeLock('apps', { owner: 'owner-b' }), NOW);
    expect(result).toEqual({ ok: false, holder: expect.objectContaining({ path: 'apps', owner: 'owner-a' }) });
    expect(send).toHaveBeenCalledTimes(1);
  });

  it('leaves a client it was given open on close', async () => {
    const client = new DynamoDBClient({ endpoint: testEndpoint() });
    const destroy = jest.spyOn(client, 'destroy');
    const store = new DynamoLockStore({ table: uniqueTable(), client });
    await store.close();
    expect(destroy).not.toHaveBeenCalled();
    client.destroy();
  });
});

describe('DynamoLockStore failures', () => {
  it.each([
    ['getMany', (store: DynamoLockStore) => store.getMany(['apps'])],
    ['putIfAvailable', (store: DynamoLockStore) => store.putIfAvailable(makeLock('apps'), NOW)],
    ['deleteIf', (store: DynamoLockStore) => store.deleteIf('apps', { owner: 'owner-a' })],
    ['list', (store: DynamoLockStore) => listed(store)],
  ])('names a missing table and how to create it (%s)', async (_name, operate) => {
    const table = uniqueTable();
    const store = new DynamoLockStore({ table, endpoint: testEndpoint() });
    const error = await rejection(operate(store));
    await store.close();
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toBe(
      `DynamoDB table '${table}' not found (region ${process.env.AWS_REGION}, endpoint ${testEndpoint()}): create it with 'deploy-lock setup --table ${table}'`,
    );
  });

  it('says an endpoint nobody listens on cannot be reached', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const store = new DynamoLockStore({ table: 'locks', endpoint });
    const error = await rejection(store.getMany(['apps']));
    await store.close();
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toMatch(new RegExp(`^cannot reach DynamoDB at ${endpoint.replace(/\./g, '\\.')}: .*ECONNREFUSED`));
    expect(error.message).not.toContain('\n');
  });

  it('says so from ensureTable too', async () => {
    const endpoint = `http://127.0.0.1:${await closedPort()}`;
    const error = await rejection(ensureTable({ table: 'locks', endpoint }));
    expect(error).toBeInstanceOf(StoreError);
    expect(error.message).toMatch(/^cannot reach DynamoDB at http:\/\/127\.0\.0\.1:\d+: /);
  });

  it('leaves user and password out of the endpoint it names', async () => {
    const endpoint = `http://someone:hunter2@127.0.0.1:${await closedPort()}`;
    const store = new DynamoLockStore({ table: 'locks', endpoint });
    const error = await rejection(store.getMany(['apps']));
    await store.close();
    expect(error.message).toMatch(/^cannot reach DynamoDB at http:\/\/127\.0\.0\.1:\d+: /);
    expect(error.message).not.toContain('hunter2');
  });

  describe('credentials', () => {
    let server: Server;
    let endpoint: string;
    beforeAll(async () => {
      // Answers every request the way DynamoDB answers an unknown access key.
      server = createServer((_request, response) => {
        response.writeHead(400, { 'content-type': 'application/x-amz-json-1.0' });
        response.end(
          JSON.stringify({
            __type: 'com.amazon.coral.service#UnrecognizedClientException',
            message: 'The security token included in the request is invalid.',
          }),
        );
      });
      await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
      endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    });
    afterAll(async () => {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    });

    it('says DynamoDB rejected them, without printing the secret', async () => {
      const client = new DynamoDBClient({
        endpoint,
        region: 'eu-west-1',
        credentials: { accessKeyId: 'AKIDEXAMPLE', secretAccessKey: 'very-secret-key' },
      });
      const store = new DynamoLockStore({ table: 'locks', client, endpoint });
      const error = await rejection(store.getMany(['apps']));
      client.destroy();
      expect(error).toBeInstanceOf(StoreError);
      expect(error.message).toBe(
        `DynamoDB at ${endpoint} rejected the AWS credentials: The security token included in the request is invalid.`,
      );
      expect(error.message).not.toContain('very-secret-key');
    });

    it('says when there are none to be found', async () => {
      const client = new DynamoDBClient({
        endpoint,
        region: 'eu-west-1',
        credentials: async () => {
          throw Object.assign(new Error('Could not load credentials from any providers'), { name: 'CredentialsProviderError' });
        },
      });
      const store = new DynamoLockStore({ table: 'locks', client, endpoint });
      const error = await rejection(store.getMany(['apps']));
      client.destroy();
      expect(error).toBeInstanceOf(StoreError);
      expect(error.message).toMatch(/^no AWS credentials found for DynamoDB: set AWS_ACCESS_KEY_ID/);
    });
  });
});
