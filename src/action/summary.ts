import * as core from '@actions/core';
import { errorMessage } from '../core/errors.js';
import type { Lock } from '../core/lock.js';
import { isoInstant } from '../core/time.js';
import type { Outcome } from '../run.js';
import { blockingOf, isAllowed, messageFor } from './outputs.js';

type SummaryTableRow = Parameters<typeof core.summary.addTable>[0][number];

/** Lock fields are user input; the summary is HTML. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const HEADER: SummaryTableRow = ['Path', 'Type', 'Holder', 'Source', 'Expires', 'Links'].map((data) => ({
  data,
  header: true,
}));

function linkCell(links: Record<string, string>): string {
  return Object.entries(links)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([name, url]) => `<a href="${escapeHtml(url)}">${escapeHtml(name)}</a>`)
    .join(', ');
}

/** One table row per lock: path, type, holder, source, expiry (ISO-8601, UTC) and its links. */
export function lockRows(locks: Lock[]): SummaryTableRow[] {
  return [
    HEADER,
    ...locks.map((lock) => [
      `<code>${escapeHtml(lock.path)}</code>`,
      escapeHtml(lock.type),
      escapeHtml(lock.author),
      escapeHtml(lock.source),
      escapeHtml(isoInstant(lock.expires_at)),
      linkCell(lock.links),
    ]),
  ];
}

/** The heading says in a few words what happened. */
export function headingFor(outcome: Outcome): string {
  const ok = isAllowed(outcome);
  switch (outcome.command) {
    case 'lock':
      return ok ? `Locked ${outcome.request.path}` : `Could not lock ${outcome.request.path}`;
    case 'check':
      return ok ? `${outcome.request.path} is free` : `${outcome.request.path} is locked`;
    case 'unlock':
      return ok ? `Unlocked ${outcome.request.path}` : `Could not unlock ${outcome.request.path}`;
    case 'list':
      return `Active locks under ${outcome.path ?? 'the root'}`;
    case 'prune':
      return `Pruned locks under ${outcome.path ?? 'the root'}`;
  }
}

/** The locks worth a table: the one taken or released, what blocks, or what was listed or pruned. */
export function tableLocksFor(outcome: Outcome): Lock[] {
  switch (outcome.command) {
    case 'lock':
      return outcome.result.status === 'locked' ? [outcome.result.lock] : outcome.result.blocking;
    case 'unlock':
      return outcome.result.status === 'unlocked' ? [outcome.result.lock] : blockingOf(outcome);
    case 'check':
      return outcome.result.blocking;
    case 'list':
      return outcome.locks;
    case 'prune':
      return outcome.removed;
  }
}

/** Adds this step's section to the summary buffer (not yet written). */
export function addOutcomeSection(outcome: Outcome): void {
  core.summary.addHeading(`deploy-lock: ${escapeHtml(headingFor(outcome))}`, 3);
  core.summary.addRaw(`<p>${escapeHtml(messageFor(outcome)).replace(/\n/g, '<br>')}</p>`, true);
  const locks = tableLocksFor(outcome);
  if (locks.length > 0) core.summary.addTable(lockRows(locks));
}

/** Writes the job summary; a summary that cannot be written is worth a warning, never a failed step. */
export async function writeSummary(outcome: Outcome): Promise<void> {
  try {
    addOutcomeSection(outcome);
    await core.summary.write();
  } catch (error) {
    core.warning(`Could not write the job summary: ${errorMessage(error)}`);
  }
}
