// Shared helpers of the demo pages: the socket.io connection with the JWT, requests with acks, ICE servers, logging.
/* global io */

/** The JWT for this page: `?token=...` in the URL (kept for the session), or none (demo mode). */
export function pageToken() {
  const fromUrl = new URLSearchParams(location.search).get('token');
  if (fromUrl) sessionStorage.setItem('token', fromUrl);
  return fromUrl || sessionStorage.getItem('token') || undefined;
}

/** The page's element with that id. */
export const $ = (id) => document.getElementById(id);

const logEl = () => document.getElementById('log');
/** Appends a line to the page's log and keeps its newest line in view. */
export function log(text) {
  const el = logEl();
  if (!el) return;
  el.append(`${new Date().toISOString().slice(11, 23)} ${text}\n`);
  el.scrollTop = el.scrollHeight;
}
/** Shows an error (and logs it once: the same error reported twice, e.g. by an event and a rejection, logs once). */
export function showError(text) {
  const el = document.getElementById('errors');
  if (el?.textContent === text) return;
  if (el) el.textContent = text;
  log(`error: ${text}`);
}
/** Clears the error shown, once something worked again. */
export function clearError() {
  const el = document.getElementById('errors');
  if (el) el.textContent = '';
}

/** What people see for each state (`document.body.dataset.status` keeps the state itself, for tests). */
const STATUS_TEXT = {
  idle: 'idle',
  starting: 'starting…',
  negotiated: 'connecting media…',
  webrtcup: 'connected: media is flowing',
  joining: 'joining…',
  joined: 'in the room, connecting your camera…',
  publishing: 'in the room, sending your camera',
  kicked: 'removed from the room',
  'room destroyed': 'the room was closed',
  left: 'left the room',
  failed: 'failed (see the error below)',
};
export function setStatus(state) {
  document.getElementById('status').textContent = STATUS_TEXT[state] ?? state;
  document.body.dataset.status = state;
}

/** Stops every track of a captured stream: the camera and microphone are released (their light goes off). */
export function stopCapture(stream) {
  for (const track of stream?.getTracks() ?? []) track.stop();
}

/**
 * Connects to a namespace; rejects with the server's reason (e.g. "unauthorized"). Errors of requests come back
 * through their acks; the ones the server pushes on its own (`errorEvent` without `_id`) are shown.
 */
export function connect(namespace, errorEvent) {
  const token = pageToken();
  const socket = io(namespace, { auth: token ? { token } : {}, transports: ['websocket'] });
  socket.on(errorEvent, ({ _id, error, code }) => _id === undefined && showError(`${error} (${code})`));
  return new Promise((resolve, reject) => {
    socket.once('connect', () => resolve(socket));
    socket.on('connect_error', (err) => {
      // Refused by the server (e.g. "unauthorized"): socket.io gives up, and so does the page. Otherwise it retries.
      showError(`cannot connect: ${err.message}${socket.active ? ' (retrying)' : ''}`);
      if (!socket.active) reject(new Error(`cannot connect: ${err.message}`));
    });
  });
}

/** Janus's trickled candidates that arrived before the PeerConnection had its remote description. */
const earlyCandidates = new WeakMap();

function applyCandidate(pc, data) {
  if (data.completed) pc.addIceCandidate(null).catch(() => undefined);
  else pc.addIceCandidate(data.candidate).catch((e) => log(`candidate: ${e.message}`));
}

/**
 * Adds a candidate Janus trickled (`{ candidate }` or `{ completed: true }`) to `pc`. Janus can trickle before the
 * reply carrying its SDP reaches the page: until then the candidate waits (see `setRemoteDescription`).
 */
export function addRemoteCandidate(pc, data) {
  if (pc.signalingState === 'closed') return;
  if (pc.remoteDescription) return applyCandidate(pc, data);
  const queue = earlyCandidates.get(pc) ?? [];
  queue.push(data);
  earlyCandidates.set(pc, queue);
}

/** Sets Janus's SDP on `pc`, then adds the candidates that came before it. */
export async function setRemoteDescription(pc, jsep) {
  await pc.setRemoteDescription(jsep);
  const queue = earlyCandidates.get(pc) ?? [];
  earlyCandidates.delete(pc);
  for (const data of queue) applyCandidate(pc, data);
}

let nextId = 1;
/** Emits `{ _id, data }` and resolves with the reply data from the ack; rejects with the error message. */
export async function request(socket, event, data) {
  const ack = await socket.timeout(15000).emitWithAck(event, { _id: nextId++, data });
  if (!ack.ok) throw new Error(`${event}: ${ack.error.message} (${ack.error.code})`);
  return ack.data;
}

/**
 * The RTCPeerConnection configuration: ICE servers from the app (`/api/ice-servers`, with short-lived TURN
 * credentials) and, with `?relay=1` in the page URL, relay-only ICE (everything through TURN).
 */
export async function rtcConfiguration() {
  const relayOnly = new URLSearchParams(location.search).get('relay') === '1';
  return { iceServers: await iceServers(), iceTransportPolicy: relayOnly ? 'relay' : 'all' };
}

/** The ICE servers for RTCPeerConnection: from the app when it offers them, else none (host candidates). */
export async function iceServers() {
  try {
    const token = pageToken();
    const res = await fetch('/api/ice-servers', { headers: token ? { authorization: `Bearer ${token}` } : {} });
    if (!res.ok) return [];
    const body = await res.json();
    return Array.isArray(body.iceServers) ? body.iceServers : [];
  } catch {
    return [];
  }
}

/** Shows whether the app requires a token (demo mode says so). */
export async function showAuthMode() {
  try {
    const info = await (await fetch('/info')).json();
    const el = document.getElementById('auth-mode');
    if (el) {
      el.textContent = info.authRequired
        ? 'This app requires a JWT: open this page with ?token=<JWT>.'
        : 'Demo mode: authentication is off (AUTH_REQUIRED=false), anyone who can open this page can join.';
    }
  } catch {
    // informational only
  }
}
