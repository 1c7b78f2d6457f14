/**
 * The demo's Streaming mountpoint: `npm run demo` creates an RTP mountpoint through the app's REST API and feeds it
 * a test pattern and a tone with ffmpeg (tools/rtp-test-source.ts), so /streaming.html has something to watch.
 */
import { hasFfmpeg, startRtpTestSource, TEST_SOURCE_PT, type RtpTestSource } from './rtp-test-source.js';

/** The demo mountpoint's id (the page lists it; `/streaming.html?id=1` picks it). */
export const DEMO_MOUNTPOINT_ID = 1;

/** Resolves once `url` answers 2xx, or false after `timeoutMs`. */
async function answers(url: string, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return true;
    } catch {
      // not answering yet
    }
    await new Promise<void>((resolve) => setTimeout(resolve, 200));
  }
  return false;
}

/**
 * Creates the demo mountpoint on the app at `baseUrl` (with an admin `token`) and starts ffmpeg feeding it; resolves
 * with the running source, or undefined (and says why through `log`) when ffmpeg is missing or the app refused.
 */
export async function startDemoStream(
  baseUrl: string,
  token: string,
  log: (message: string) => void,
): Promise<RtpTestSource | undefined> {
  if (!hasFfmpeg()) {
    log('ffmpeg is not installed: no demo mountpoint to watch (node scripts/setup.mjs --for demo installs it)');
    return undefined;
  }
  // The app talks to Janus once it is ready.
  if (!(await answers(`${baseUrl}/health/ready`, 30_000))) {
    log('the app is not connected to Janus: no demo mountpoint');
    return undefined;
  }
  const response = await fetch(`${baseUrl}/api/streaming/mountpoints`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({
      type: 'rtp',
      id: DEMO_MOUNTPOINT_ID,
      description: 'Test pattern (ffmpeg)',
      is_private: false,
      media: [
        { type: 'audio', mid: 'a', port: 0, pt: TEST_SOURCE_PT.audio, codec: 'opus', iface: '127.0.0.1' },
        { type: 'video', mid: 'v', port: 0, pt: TEST_SOURCE_PT.video, codec: 'vp8', iface: '127.0.0.1' },
      ],
    }),
  });
  const body = (await response.json()) as { ports?: Array<{ mid: string; port: number }>; message?: string };
  if (!response.ok) {
    log(`the demo mountpoint was refused (${response.status}: ${body.message ?? ''})`);
    return undefined;
  }
  const port = (mid: string): number | undefined => body.ports?.find((p) => p.mid === mid)?.port;
  const source = startRtpTestSource({ audioPort: port('a'), videoPort: port('v') });
  log(`ffmpeg feeds Streaming mountpoint ${DEMO_MOUNTPOINT_ID} (a test pattern and a tone)`);
  return source;
}
