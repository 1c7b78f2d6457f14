import { describe, expect, it } from 'vitest';
import { changeRoomIsSafe } from '../../../src/audiobridge/change-room.js';

describe("changeRoomIsSafe: Janus's own AudioBridge changeroom only where it cannot lock the plugin up", () => {
  it.each([
    ['1.1.2', false],
    ['1.2.3', false],
    ['1.2.4', true],
    ['1.3.0', true],
    ['1.4.1', true],
    ['2.0.0', true],
    ['1.10.0', true],
    [undefined, false],
    ['', false],
    ['garbage', false],
  ])('Janus %s -> %s', (version, safe) => {
    expect(changeRoomIsSafe(version)).toBe(safe);
  });
});
