/** The lock record as it is stored and shown, the same in every store. */

export const LOCK_TYPES = ['automation', 'deploy', 'freeze', 'incident', 'maintenance'] as const;
export type LockType = (typeof LOCK_TYPES)[number];

const FRIENDLY_TYPES: Record<LockType, string> = {
  automation: 'an automation run',
  deploy: 'a deploy',
  freeze: 'a release freeze',
  incident: 'an incident',
  maintenance: 'a maintenance window',
};

export interface CiData {
  project: string;
  ref: string;
  commit: string;
  pipeline: string;
  job: string;
}

export interface Lock {
  type: LockType;
  path: string;
  author: string;
  /** Who may release it without --force: the CI run, or author@host outside CI. */
  owner: string;
  links: Record<string, string>;
  source: string;
  /** Check types that stay allowed while this lock is active. */
  allow: LockType[];
  message?: string;
  /** Epoch seconds, so DynamoDB TTL can use expires_at directly. */
  created_at: number;
  updated_at: number;
  expires_at: number;
  ci?: CiData;
}

export function isLockType(value: string): value is LockType {
  return (LOCK_TYPES as readonly string[]).includes(value);
}

export function friendlyType(type: LockType): string {
  return FRIENDLY_TYPES[type];
}

/** A lock is in force while now is before its expiry. */
export function isActive(lock: Lock, now: number): boolean {
  return lock.expires_at > now;
}

/** Whether `lock` lets a check of `type` through. */
export function allows(lock: Lock, type: LockType): boolean {
  return lock.allow.includes(type);
}
