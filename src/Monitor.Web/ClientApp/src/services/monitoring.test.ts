import { describe, expect, it } from 'vitest';
import { ApiError, MAX_BULK_IDS, acknowledgeAll, retryUnavailable } from './monitoring';
import type { BulkAcknowledgeResult } from '../types';

describe('a write the store could not take', () => {
  it('is asked again after the delay the server gave, then succeeds', async () => {
    const waits: number[] = [];
    let calls = 0;
    const result = await retryUnavailable(
      async () => {
        calls++;
        if (calls < 3) throw new ApiError(503, 'store unavailable', 2);
        return 'acknowledged';
      },
      undefined,
      4,
      async (ms) => {
        waits.push(ms);
      },
    );
    expect(result).toBe('acknowledged');
    expect(waits).toEqual([2000, 2000]);
  });

  it('gives up after the attempts and reports the last answer', async () => {
    await expect(
      retryUnavailable(async () => Promise.reject(new ApiError(503, 'store unavailable', 1)), undefined, 3, async () => undefined),
    ).rejects.toThrow('store unavailable');
  });

  it('is not asked again when the answer is final', async () => {
    let calls = 0;
    await expect(
      retryUnavailable(async () => {
        calls++;
        throw new ApiError(409, 'already closed');
      }, undefined, 4, async () => undefined),
    ).rejects.toThrow('already closed');
    expect(calls).toBe(1);
  });
});

describe('acknowledging many alerts', () => {
  it('sends at most the bulk limit per request, in order, one result per id', async () => {
    const ids = Array.from({ length: 1_201 }, (_, i) => `a${i}`);
    const sent: string[][] = [];
    const results = await acknowledgeAll(ids, 'storm', null, undefined, async (batch) => {
      sent.push(batch);
      return { results: batch.map((id): BulkAcknowledgeResult => ({ id, result: 'Acknowledged', alert: null })) };
    });
    expect(sent.map((b) => b.length)).toEqual([MAX_BULK_IDS, MAX_BULK_IDS, 201]);
    expect(results.map((r) => r.id)).toEqual(ids);
  });
});
