/**
 * A live RTP source for Streaming mountpoints: ffmpeg sending a moving test pattern as VP8 and a tone as Opus to
 * loopback ports, at real-time pace, until stopped. Used by `npm run demo` (its demo mountpoint) and the tests.
 */
import { spawn, spawnSync } from 'node:child_process';
import { stopChild } from './child-process.js';

/** The payload types the source sends with: what the mountpoint's streams must expect. */
export const TEST_SOURCE_PT = { audio: 111, video: 100 } as const;

/** Where to send: the mountpoint's ports (from its `created` reply). */
export interface RtpTestSourceOptions {
  host?: string;
  audioPort?: number;
  videoPort?: number;
  /** ffmpeg's lavfi test pattern (`testsrc`, `testsrc2`, `smptebars`, ...). Default `testsrc`. */
  pattern?: string;
  /** Tone frequency in Hz. Default 440. */
  frequency?: number;
}

/** A running source. */
export interface RtpTestSource {
  readonly pid: number;
  /** Stops ffmpeg (SIGTERM, then SIGKILL after 3 s) and resolves once it exited. Idempotent. */
  stop(): Promise<void>;
}

/** ffmpeg is on the PATH. */
export function hasFfmpeg(): boolean {
  return spawnSync('ffmpeg', ['-version'], { stdio: 'ignore' }).status === 0;
}

/** The ffmpeg arguments of a source (video 320x240 at 15 fps with a keyframe every second, 300 kbit/s). */
export function rtpTestSourceArgs(options: RtpTestSourceOptions): string[] {
  const host = options.host ?? '127.0.0.1';
  const args = ['-hide_banner', '-loglevel', 'error', '-re'];
  if (options.audioPort) {
    args.push('-f', 'lavfi', '-i', `sine=frequency=${options.frequency ?? 440}:sample_rate=48000`);
  }
  if (options.videoPort) {
    args.push('-f', 'lavfi', '-i', `${options.pattern ?? 'testsrc'}=size=320x240:rate=15`);
  }
  let input = 0;
  if (options.audioPort) {
    args.push('-map', `${input++}:a`, '-c:a', 'libopus', '-b:a', '48k');
    args.push('-payload_type', String(TEST_SOURCE_PT.audio), '-f', 'rtp', `rtp://${host}:${options.audioPort}`);
  }
  if (options.videoPort) {
    args.push('-map', `${input}:v`, '-c:v', 'libvpx', '-deadline', 'realtime', '-cpu-used', '8');
    args.push('-b:v', '300k', '-g', '15', '-pix_fmt', 'yuv420p');
    args.push('-payload_type', String(TEST_SOURCE_PT.video), '-f', 'rtp', `rtp://${host}:${options.videoPort}`);
  }
  return args;
}

/** Starts ffmpeg sending to the ports given. */
export function startRtpTestSource(options: RtpTestSourceOptions): RtpTestSource {
  if (!options.audioPort && !options.videoPort) throw new Error('an RTP test source needs an audio or a video port');
  const child = spawn('ffmpeg', rtpTestSourceArgs(options), { stdio: ['ignore', 'ignore', 'inherit'] });
  // A spawn failure (no ffmpeg) is an `error` event: without a listener it would end this process.
  child.once('error', () => undefined);
  let stopping: Promise<void> | undefined;
  return {
    pid: child.pid ?? -1,
    stop() {
      stopping ??= stopChild(child, 3000);
      return stopping;
    },
  };
}
