import {
  BatchGetItemCommand,
  CreateTableCommand,
  DeleteItemCommand,
  DescribeTableCommand,
  DescribeTimeToLiveCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ScanCommand,
  UpdateTimeToLiveCommand,
  type AttributeValue,
  type TableDescription,
} from '@aws-sdk/client-dynamodb';
import { StoreError } from '../core/errors.js';
import { isLockType, type CiData, type Lock, type LockType } from '../core/lock.js';
import {
  matchesDelete,
  mayOverwrite,
  type DeleteMatch,
  type DeleteResult,
  type LockStore,
  type PutResult,
} from './store.js';

/** The table's hash key; `path` is a DynamoDB reserved word, so expressions always say `#p`. */
const HASH_KEY = 'path';
const TTL_ATTRIBUTE = 'expires_at';

// A dead endpoint should fail within seconds: each connection attempt is bounded and the SDK's own retries
// (left on, AWS_MAX_ATTEMPTS still applies) add only short backoffs. A server that accepts the connection
// and then goes silent is cut off by the socket timeout instead of the SDK's five-minute default.
const CONNECTION_TIMEOUT_MS = 2_000;
const SOCKET_TIMEOUT_MS = 5_000;

/** BatchGetItem accepts at most 100 keys per request. */
const BATCH_GET_LIMIT = 100;
const UNPROCESSED_ROUNDS = 7;
const UNPROCESSED_BASE_DELAY_MS = 50;
const UNPROCESSED_MAX_DELAY_MS = 800;

/** How often a conditional write is retried when the record changed between the write and the read of the holder. */
const CONDITION_ATTEMPTS = 5;

const TABLE_ACTIVE_TIMEOUT_MS = 120_000;
const TABLE_POLL_MAX_DELAY_MS = 2_000;

export interface DynamoConnectionOptions {
  table: string;
  /** Wins over AWS_REGION and the shared AWS config. */
  region?: string;
  /** Wins over AWS_ENDPOINT_URL_DYNAMODB / AWS_ENDPOINT_URL, which the SDK reads itself. */
  endpoint?: string;
  /** A ready client (tests, shared connections); the store then leaves closing it to the caller. */
  client?: DynamoDBClient;
}

export interface DynamoLockStoreOptions extends DynamoConnectionOptions {
  /** Scan page size (DynamoDB `Limit`); unset lets DynamoDB fill pages up to 1 MB. */
  pageSize?: number;
}

export interface EnsureTableResult {
  created: boolean;
  /** `unsupported`: TTL on expires_at could not be turned on here; `notes` says why. */
  ttl: 'enabled' | 'already-enabled' | 'unsupported';
  notes: string[];
}

type Item = Record<string, AttributeValue>;

/** Locks in a DynamoDB table with hash key `path` (S); every decision is a conditional write or a consistent read. */
export class DynamoLockStore implements LockStore {
  readonly kind = 'dynamodb' as const;
  private readonly options: DynamoLockStoreOptions;
  private client: DynamoDBClient | undefined;

  constructor(options: DynamoLockStoreOptions) {
    if (options.pageSize !== undefined && !(Number.isInteger(options.pageSize) && options.pageSize > 0)) {
      throw new StoreError(`DynamoDB page size must be a positive whole number, got ${options.pageSize}`);
    }
    this.options = options;
    this.client = options.client;
  }

  async putIfAvailable(lock: Lock, now: number): Promise<PutResult> {
    for (let attempt = 1; ; attempt++) {
      try {
        await this.run('PutItem', (client) =>
          client.send(
            new PutItemCommand({
              TableName: this.options.table,
              Item: toItem(lock),
              ConditionExpression: 'attribute_not_exists(#p) OR #expires <= :now OR (#owner = :owner AND #type = :type)',
              ExpressionAttributeNames: { '#p': HASH_KEY, '#expires': TTL_ATTRIBUTE, '#owner': 'owner', '#type': 'type' },
              ExpressionAttributeValues: { ':now': numberValue(now), ':owner': { S: lock.owner }, ':type': { S: lock.type } },
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            }),
          ),
        );
        return { ok: true, lock: structuredClone(lock) };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const holder = await this.holderAfterConditionFailure(error, lock.path);
        if (holder !== undefined && !mayOverwrite(holder, lock, now)) return { ok: false, holder };
        // The holder went away (or changed) between the refused write and the read: try the write again.
        if (attempt >= CONDITION_ATTEMPTS) throw this.keptChanging(lock.path);
      }
    }
  }

  async getMany(paths: string[]): Promise<Lock[]> {
    const unique = [...new Set(paths)];
    const found = new Map<string, Lock>();
    for (let start = 0; start < unique.length; start += BATCH_GET_LIMIT) {
      for (const lock of await this.batchGet(unique.slice(start, start + BATCH_GET_LIMIT))) found.set(lock.path, lock);
    }
    // Same order (and repeats) as asked, like the other stores.
    return paths.flatMap((path) => {
      const lock = found.get(path);
      return lock ? [structuredClone(lock)] : [];
    });
  }

  async deleteIf(path: string, match: DeleteMatch): Promise<DeleteResult> {
    const conditions = ['attribute_exists(#p)'];
    const names: Record<string, string> = { '#p': HASH_KEY };
    const values: Item = {};
    if (match.type !== undefined) {
      conditions.push('#type = :type');
      names['#type'] = 'type';
      values[':type'] = { S: match.type };
    }
    if (match.owner !== undefined) {
      conditions.push('#owner = :owner');
      names['#owner'] = 'owner';
      values[':owner'] = { S: match.owner };
    }
    if (match.expiredAt !== undefined) {
      conditions.push('#expires <= :expiredAt');
      names['#expires'] = TTL_ATTRIBUTE;
      values[':expiredAt'] = numberValue(match.expiredAt);
    }
    for (let attempt = 1; ; attempt++) {
      try {
        const output = await this.run('DeleteItem', (client) =>
          client.send(
            new DeleteItemCommand({
              TableName: this.options.table,
              Key: { [HASH_KEY]: { S: path } },
              ConditionExpression: conditions.join(' AND '),
              ExpressionAttributeNames: names,
              ...(Object.keys(values).length > 0 ? { ExpressionAttributeValues: values } : {}),
              ReturnValues: 'ALL_OLD',
              ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
            }),
          ),
        );
        if (output.Attributes === undefined) {
          throw new StoreError(`DynamoDB deleted '${path}' from table '${this.options.table}' without returning the record`);
        }
        return { status: 'deleted', lock: this.fromItem(output.Attributes) };
      } catch (error) {
        if (!isConditionFailure(error)) throw error;
        const holder = await this.holderAfterConditionFailure(error, path);
        if (holder === undefined) return { status: 'absent' };
        if (!matchesDelete(holder, match)) return { status: 'mismatch', holder };
        // A matching record appeared between the refused delete and the read: try the delete again.
        if (attempt >= CONDITION_ATTEMPTS) throw this.keptChanging(path);
      }
    }
  }

  async *list(prefix?: string): AsyncIterable<Lock> {
    let startKey: Item | undefined;
    do {
      const page = await this.run('Scan', (client) =>
        client.send(
          new ScanCommand({
            TableName: this.options.table,
            ConsistentRead: true,
            ...(this.options.pageSize !== undefined ? { Limit: this.options.pageSize } : {}),
            ...(startKey !== undefined ? { ExclusiveStartKey: startKey } : {}),
            // Segment boundaries: apps/st is not under apps/staging, so match the path itself or prefix + '/'.
            ...(prefix !== undefined
              ? {
                  FilterExpression: '#p = :prefix OR begins_with(#p, :below)',
                  ExpressionAttributeNames: { '#p': HASH_KEY },
                  ExpressionAttributeValues: { ':prefix': { S: prefix }, ':below': { S: `${prefix}/` } },
                }
              : {}),
          }),
        ),
      );
      for (const item of page.Items ?? []) yield this.fromItem(item);
      // A filtered page can be empty and still have more after it: only a missing key ends the scan.
      startKey = page.LastEvaluatedKey;
    } while (startKey !== undefined);
  }

  async close(): Promise<void> {
    // A client handed in belongs to the caller.
    if (this.client !== undefined && this.client !== this.options.client) this.client.destroy();
    this.client = this.options.client;
  }

  private async batchGet(paths: string[]): Promise<Lock[]> {
    const table = this.options.table;
    const locks: Lock[] = [];
    let pending: Item[] = paths.map((path) => ({ [HASH_KEY]: { S: path } }));
    for (let round = 0; pending.length > 0; round++) {
      if (round >= UNPROCESSED_ROUNDS) {
        throw new StoreError(
          `DynamoDB left ${pending.length} of ${paths.length} keys unread in table '${table}' after ${UNPROCESSED_ROUNDS} tries (throttled): try again later`,
        );
      }
      if (round > 0) await sleep(Math.min(UNPROCESSED_BASE_DELAY_MS * 2 ** (round - 1), UNPROCESSED_MAX_DELAY_MS));
      const keys = pending;
      const output = await this.run('BatchGetItem', (client) =>
        client.send(new BatchGetItemCommand({ RequestItems: { [table]: { Keys: keys, ConsistentRead: true } } })),
      );
      for (const item of output.Responses?.[table] ?? []) locks.push(this.fromItem(item));
      pending = output.UnprocessedKeys?.[table]?.Keys ?? [];
    }
    return locks;
  }

  /** The record that made a conditional write fail: from the error when the service returns it, else a consistent read. */
  private async holderAfterConditionFailure(error: unknown, path: string): Promise<Lock | undefined> {
    const item = (error as { Item?: Item }).Item;
    if (item !== undefined) return this.fromItem(item);
    // Services without ReturnValuesOnConditionCheckFailure (dynalite) leave it out.
    const output = await this.run('GetItem', (client) =>
      client.send(
        new GetItemCommand({ TableName: this.options.table, Key: { [HASH_KEY]: { S: path } }, ConsistentRead: true }),
      ),
    );
    return output.Item === undefined ? undefined : this.fromItem(output.Item);
  }

  private keptChanging(path: string): StoreError {
    return new StoreError(
      `the lock at '${path}' in DynamoDB table '${this.options.table}' kept changing during ${CONDITION_ATTEMPTS} tries: try again`,
    );
  }

  private fromItem(item: Item): Lock {
    return fromItem(item, this.options.table);
  }

  /** Runs one SDK call on the (lazily created) client and turns any failure but a condition check into a StoreError. */
  private async run<T>(operation: string, call: (client: DynamoDBClient) => Promise<T>): Promise<T> {
    this.client ??= createClient(this.options);
    const client = this.client;
    try {
      return await call(client);
    } catch (error) {
      if (isConditionFailure(error) || error instanceof StoreError) throw error;
      throw await toStoreError(error, operation, this.options, client);
    }
  }
}

/**
 * Creates the table when it is missing (hash key `path` (S), on-demand billing), waits until it is ACTIVE and turns
 * on TTL for `expires_at` where the service supports it. Safe to run again; rejects a table with another key schema.
 */
export async function ensureTable(options: DynamoConnectionOptions): Promise<EnsureTableResult> {
  const client = options.client ?? createClient(options);
  const { table } = options;
  const notes: string[] = [];
  let operation = 'DescribeTable';
  try {
    let created = false;
    const existing = await describeTable(client, table);
    if (existing === undefined) {
      operation = 'CreateTable';
      try {
        await client.send(
          new CreateTableCommand({
            TableName: table,
            AttributeDefinitions: [{ AttributeName: HASH_KEY, AttributeType: 'S' }],
            KeySchema: [{ AttributeName: HASH_KEY, KeyType: 'HASH' }],
            BillingMode: 'PAY_PER_REQUEST',
          }),
        );
        created = true;
      } catch (error) {
        // Someone else created it in the meantime; the key check below still applies to theirs.
        if (errorName(error) !== 'ResourceInUseException') throw error;
      }
    }
    operation = 'DescribeTable';
    const ready = await waitUntilActive(client, table);
    checkKeySchema(ready, table);
    const ttl = await enableTtl(client, table, notes, (name) => (operation = name));
    return { created, ttl, notes };
  } catch (error) {
    if (error instanceof StoreError) throw error;
    throw await toStoreError(error, operation, options, client);
  } finally {
    if (options.client === undefined) client.destroy();
  }
}

function createClient(options: DynamoConnectionOptions): DynamoDBClient {
  return new DynamoDBClient({
    ...(options.region !== undefined ? { region: options.region } : {}),
    ...(options.endpoint !== undefined ? { endpoint: options.endpoint } : {}),
    requestHandler: { connectionTimeout: CONNECTION_TIMEOUT_MS, socketTimeout: SOCKET_TIMEOUT_MS },
  });
}

async function describeTable(client: DynamoDBClient, table: string): Promise<TableDescription | undefined> {
  try {
    return (await client.send(new DescribeTableCommand({ TableName: table }))).Table;
  } catch (error) {
    if (errorName(error) === 'ResourceNotFoundException') return undefined;
    throw error;
  }
}

async function waitUntilActive(client: DynamoDBClient, table: string): Promise<TableDescription> {
  const deadline = Date.now() + TABLE_ACTIVE_TIMEOUT_MS;
  let delay = 200;
  for (;;) {
    // Right after CreateTable the table may not be visible yet; that counts as still being created.
    const description = await describeTable(client, table);
    const status = description?.TableStatus ?? 'CREATING';
    if (description !== undefined && status === 'ACTIVE') return description;
    if (status !== 'CREATING' && status !== 'UPDATING') {
      throw new StoreError(`DynamoDB table '${table}' is ${status}, not ACTIVE: wait for it, then run 'deploy-lock setup' again`);
    }
    if (Date.now() >= deadline) {
      throw new StoreError(
        `DynamoDB table '${table}' is still ${status} after ${TABLE_ACTIVE_TIMEOUT_MS / 1000} s: run 'deploy-lock setup' again once it is ACTIVE`,
      );
    }
    await sleep(delay);
    delay = Math.min(delay * 2, TABLE_POLL_MAX_DELAY_MS);
  }
}

function checkKeySchema(description: TableDescription, table: string): void {
  const keys = description.KeySchema ?? [];
  const typeOf = (name: string | undefined) =>
    description.AttributeDefinitions?.find((definition) => definition.AttributeName === name)?.AttributeType ?? '?';
  const hash = keys.find((key) => key.KeyType === 'HASH');
  const range = keys.find((key) => key.KeyType === 'RANGE');
  if (hash?.AttributeName === HASH_KEY && typeOf(HASH_KEY) === 'S' && range === undefined) return;
  const found = [
    `hash key '${hash?.AttributeName ?? 'none'}' (${typeOf(hash?.AttributeName)})`,
    ...(range ? [`range key '${range.AttributeName}' (${typeOf(range.AttributeName)})`] : []),
  ].join(' and ');
  throw new StoreError(
    `DynamoDB table '${table}' has ${found}; deploy-lock needs hash key '${HASH_KEY}' (S) and no range key: use another --table`,
  );
}

async function enableTtl(
  client: DynamoDBClient,
  table: string,
  notes: string[],
  setOperation: (name: string) => void,
): Promise<EnsureTableResult['ttl']> {
  const withoutTtl = "expired locks stay in the table (reads ignore them) until 'deploy-lock prune' removes them";
  setOperation('DescribeTimeToLive');
  let current;
  try {
    current = (await client.send(new DescribeTimeToLiveCommand({ TableName: table }))).TimeToLiveDescription;
  } catch (error) {
    if (!isUnsupportedOperation(error)) throw error;
    notes.push(`this DynamoDB service does not support TTL (DescribeTimeToLive: ${errorName(error)}); ${withoutTtl}`);
    return 'unsupported';
  }
  const status = current?.TimeToLiveStatus;
  if (status === 'ENABLED' || status === 'ENABLING') {
    if (current?.AttributeName === TTL_ATTRIBUTE) return 'already-enabled';
    notes.push(`TTL on table '${table}' uses attribute '${current?.AttributeName ?? '?'}', not '${TTL_ATTRIBUTE}'; ${withoutTtl}`);
    return 'unsupported';
  }
  if (status === 'DISABLING') {
    notes.push(`TTL on table '${table}' is still being turned off; run 'deploy-lock setup' again later to turn it on for '${TTL_ATTRIBUTE}'`);
    return 'unsupported';
  }
  setOperation('UpdateTimeToLive');
  try {
    await client.send(
      new UpdateTimeToLiveCommand({ TableName: table, TimeToLiveSpecification: { AttributeName: TTL_ATTRIBUTE, Enabled: true } }),
    );
    return 'enabled';
  } catch (error) {
    if (!isUnsupportedOperation(error)) throw error;
    notes.push(`this DynamoDB service does not support TTL (UpdateTimeToLive: ${errorName(error)}); ${withoutTtl}`);
    return 'unsupported';
  }
}

// --- the Lock record as a DynamoDB item -------------------------------------------------------------------------

function toItem(lock: Lock): Item {
  const item: Item = {
    [HASH_KEY]: { S: lock.path },
    type: { S: lock.type },
    author: { S: lock.author },
    owner: { S: lock.owner },
    // Maps and lists rather than string sets: sets cannot be empty, and allow keeps its order.
    links: { M: toStringMap(lock.links) },
    source: { S: lock.source },
    allow: { L: lock.allow.map((type) => ({ S: type })) },
    created_at: numberValue(lock.created_at),
    updated_at: numberValue(lock.updated_at),
    [TTL_ATTRIBUTE]: numberValue(lock.expires_at),
  };
  if (lock.message !== undefined) item.message = { S: lock.message };
  if (lock.ci !== undefined) item.ci = { M: toStringMap({ ...lock.ci }) };
  return item;
}

function toStringMap(record: Record<string, string>): Item {
  return Object.fromEntries(Object.entries(record).map(([key, value]) => [key, { S: value }]));
}

function numberValue(value: number): AttributeValue {
  return { N: String(value) };
}

class MalformedItem extends Error {}

function fromItem(item: Item, table: string): Lock {
  try {
    const type = readString(item, 'type');
    if (!isLockType(type)) throw new MalformedItem(`'type' is '${type}'`);
    const path = readString(item, HASH_KEY);
    const expires = readNumber(item, TTL_ATTRIBUTE);
    // Only path, type and expiry are essential. Records written by other tools (the original deploy-lock had no
    // owner) stay readable, so they can still be listed, checked and pruned; an empty owner needs --force.
    const lock: Lock = {
      type,
      path,
      author: item.author === undefined ? 'unknown' : readString(item, 'author'),
      owner: item.owner === undefined ? '' : readString(item, 'owner'),
      links: item.links === undefined ? {} : readStringMap(item, 'links'),
      source: item.source === undefined ? path : readString(item, 'source'),
      allow: item.allow === undefined ? [] : readAllow(item),
      created_at: item.created_at === undefined ? expires : readNumber(item, 'created_at'),
      updated_at: item.updated_at === undefined ? expires : readNumber(item, 'updated_at'),
      expires_at: expires,
    };
    if (item.message !== undefined) lock.message = readString(item, 'message');
    if (item.ci !== undefined) lock.ci = readCi(item);
    return lock;
  } catch (error) {
    if (!(error instanceof MalformedItem)) throw error;
    const path = item[HASH_KEY]?.S ?? '?';
    throw new StoreError(`DynamoDB table '${table}' holds a record at '${path}' that is not a deploy-lock lock: ${error.message}`);
  }
}

function readString(item: Item, name: string): string {
  const value = item[name]?.S;
  if (value === undefined) throw new MalformedItem(`'${name}' is missing or not a string`);
  return value;
}

function readNumber(item: Item, name: string): number {
  const text = item[name]?.N;
  const value = text === undefined ? Number.NaN : Number(text);
  if (!Number.isFinite(value)) throw new MalformedItem(`'${name}' is missing or not a number`);
  return value;
}

function readStringMap(item: Item, name: string): Record<string, string> {
  const map = item[name]?.M;
  if (map === undefined) throw new MalformedItem(`'${name}' is missing or not a map`);
  return Object.fromEntries(Object.keys(map).map((key) => [key, readString(map, key)]));
}

function readAllow(item: Item): LockType[] {
  const list = item.allow?.L;
  if (list === undefined) throw new MalformedItem(`'allow' is missing or not a list`);
  return list.map((entry) => {
    const type = entry.S;
    if (type === undefined || !isLockType(type)) throw new MalformedItem(`'allow' holds '${type ?? '?'}'`);
    return type;
  });
}

function readCi(item: Item): CiData {
  const ci = readStringMap(item, 'ci');
  const field = (name: keyof CiData): string => {
    const value = ci[name];
    if (value === undefined) throw new MalformedItem(`'ci.${name}' is missing`);
    return value;
  };
  return { project: field('project'), ref: field('ref'), commit: field('commit'), pipeline: field('pipeline'), job: field('job') };
}

// --- failures as one clear line -----------------------------------------------------------------------------------

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ECONNABORTED',
  'ENOTFOUND',
  'EAI_AGAIN',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'EPROTO',
]);

const REJECTED_CREDENTIALS = new Set([
  'UnrecognizedClientException',
  'InvalidSignatureException',
  'IncompleteSignatureException',
  'MissingAuthenticationTokenException',
  'ExpiredTokenException',
  'InvalidClientTokenId',
]);

function isConditionFailure(error: unknown): boolean {
  return errorName(error) === 'ConditionalCheckFailedException';
}

function isUnsupportedOperation(error: unknown): boolean {
  const name = errorName(error);
  return name === 'UnknownOperationException' || name === 'NotImplementedException' || httpStatus(error) === 501;
}

// Duck-typed rather than `instanceof Error`: socket errors can come from another realm (jest's VM modules).
function errorName(error: unknown): string {
  const name = (error as { name?: unknown } | null | undefined)?.name;
  return typeof name === 'string' ? name : 'Error';
}

function messageOf(error: unknown): string {
  const message = (error as { message?: unknown } | null | undefined)?.message;
  return typeof message === 'string' ? message : String(error);
}

/** The socket error code when the request never got an HTTP answer. */
function networkCode(error: unknown): string | undefined {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  if (typeof code === 'string') return NETWORK_CODES.has(code) ? code : undefined;
  if (httpStatus(error) !== undefined) return undefined;
  // When the SDK receives a socket error it does not recognise as an Error it wraps it in a plain message;
  // the code is still in the text.
  const named = /\b(E[A-Z_]+)\b/.exec(messageOf(error))?.[1];
  return named !== undefined && NETWORK_CODES.has(named) ? named : undefined;
}

function httpStatus(error: unknown): number | undefined {
  return (error as { $metadata?: { httpStatusCode?: number } } | undefined)?.$metadata?.httpStatusCode;
}

/** The first line of the backend's message, without the HTTP library's name in front. */
function causeOf(error: unknown): string {
  const line = messageOf(error).split('\n')[0] ?? '';
  const cause = line
    .replace(/^AWS SDK error wrapper for /, '')
    .replace(/^Error: /, '')
    .replace(/^@smithy\/[\w-]+ - /, '')
    .trim();
  return cause || errorName(error);
}

async function toStoreError(
  error: unknown,
  operation: string,
  options: DynamoConnectionOptions,
  client: DynamoDBClient,
): Promise<StoreError> {
  const { table } = options;
  const name = errorName(error);
  const cause = causeOf(error);
  const region = await resolvedRegion(client);
  const endpoint = describeEndpoint(options.endpoint, region);
  const say = (message: string) => new StoreError(message, { cause: error });

  if (name === 'ResourceNotFoundException') {
    return say(
      `DynamoDB table '${table}' not found (region ${region ?? 'unset'}, endpoint ${endpoint}): create it with 'deploy-lock setup --table ${table}'`,
    );
  }
  if (networkCode(error) !== undefined || name === 'TimeoutError') {
    return say(`cannot reach DynamoDB at ${endpoint}: ${cause}`);
  }
  if (name === 'CredentialsProviderError') {
    return say(
      `no AWS credentials found for DynamoDB: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY, or AWS_PROFILE, or run with a role (${cause})`,
    );
  }
  if (REJECTED_CREDENTIALS.has(name)) {
    return say(`DynamoDB at ${endpoint} rejected the AWS credentials: ${cause}`);
  }
  if (name === 'AccessDeniedException') {
    return say(`the AWS credentials are not allowed ${operation} on DynamoDB table '${table}': ${cause}`);
  }
  if (/region is missing/i.test(cause)) {
    return say(`no AWS region set for DynamoDB: set AWS_REGION or give a region`);
  }
  if (/key element does not match the schema/i.test(cause)) {
    return say(`DynamoDB table '${table}' does not have the key deploy-lock needs (hash key '${HASH_KEY}' (S)): ${cause}`);
  }
  const status = httpStatus(error);
  return say(
    `DynamoDB ${operation} on table '${table}' failed (endpoint ${endpoint}): ${name}${status !== undefined ? ` (HTTP ${status})` : ''}: ${cause}`,
  );
}

async function resolvedRegion(client: DynamoDBClient): Promise<string | undefined> {
  try {
    return await client.config.region();
  } catch {
    return undefined;
  }
}

/** Where requests go, as the SDK decides it, for messages; any user:password in the URL is left out. */
function describeEndpoint(explicit: string | undefined, region: string | undefined): string {
  const configured =
    explicit ??
    (process.env.AWS_IGNORE_CONFIGURED_ENDPOINT_URLS === 'true'
      ? undefined
      : process.env.AWS_ENDPOINT_URL_DYNAMODB || process.env.AWS_ENDPOINT_URL || undefined);
  if (configured === undefined) return region ? `https://dynamodb.${region}.amazonaws.com` : 'the default AWS endpoint';
  try {
    const url = new URL(configured);
    return `${url.protocol}//${url.host}${url.pathname === '/' ? '' : url.pathname}`;
  } catch {
    return configured;
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
