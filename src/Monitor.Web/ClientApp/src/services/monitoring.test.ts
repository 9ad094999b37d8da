import { describe, expect, it } from 'vitest';
import { ApiError, retryUnavailable } from './monitoring';

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
