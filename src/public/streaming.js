import {
  $,
  addRemoteCandidate,
  clearError,
  connect,
  log,
  request,
  rtcConfiguration,
  setRemoteDescription,
  setStatus,
  showAuthMode,
  showError,
} from './demo-client.js';

let socket;
let pc;
/** The mountpoint being watched. */
let watching;
/** For tests and the console: the PeerConnection and the mountpoint it receives. */
window.demo = {
  get pc() {
    return pc;
  },
  get watching() {
    return watching;
  },
};

/** `?id=<mountpoint>` in the URL picks the mountpoint to start with. */
const wanted = new URLSearchParams(location.search).get('id');

function describe(m) {
  const live = (m.media ?? []).some((s) => s.age_ms !== undefined && s.age_ms < 2000);
  const state = m.enabled ? (live ? 'live' : m.type) : 'disabled';
  return `${m.id}: ${m.description || '(no description)'} (${state})`;
}

async function refresh() {
  const selected = $('mountpoint').value || wanted;
  const { list } = await request(socket, 'list');
  $('mountpoint').replaceChildren(
    ...list.map((m) => Object.assign(document.createElement('option'), { value: String(m.id), text: describe(m) })),
  );
  if (selected && list.some((m) => String(m.id) === selected)) $('mountpoint').value = selected;
  document.body.dataset.mountpoints = list.map((m) => m.id).join(',');
}

async function ensureSocket() {
  if (socket) return;
  socket = await connect('/streaming', 'streaming-error');
  socket.on('webrtcup', () => setStatus('webrtcup'));
  socket.on('trickle', ({ data }) => pc && addRemoteCandidate(pc, data));
  for (const event of ['started', 'stopped', 'kicked', 'switched', 'edited', 'hangup']) {
    socket.on(event, ({ data }) => log(`${event} ${JSON.stringify(data)}`));
  }
  socket.on('stopped', () => release('stopped'));
  socket.on('kicked', () => release('kicked'));
}

async function watch() {
  const id = Number($('mountpoint').value);
  if (!id) return showError('pick a mountpoint (Refresh lists them)');
  $('watch').disabled = true;
  try {
    release();
    setStatus('starting');
    const { jsep } = await request(socket, 'watch', { id });
    watching = id;
    pc = new RTCPeerConnection(await rtcConfiguration());
    pc.ontrack = (event) => {
      const stream = $('remote').srcObject ?? new MediaStream();
      stream.addTrack(event.track);
      $('remote').srcObject = stream;
    };
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) socket.emit('trickle', { data: { candidate: candidate.toJSON() } });
      else socket.emit('trickle-complete', { data: {} });
    };
    await setRemoteDescription(pc, jsep);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    await request(socket, 'start', { jsep: { type: answer.type, sdp: answer.sdp } });
    // webrtcup can come before the start reply: never step back from it.
    if (document.body.dataset.status !== 'webrtcup') setStatus('negotiated');
    log(`watching mountpoint ${id}`);
    clearError();
    $('stop').disabled = false;
    $('switch').disabled = false;
  } catch (err) {
    showError(err.message);
    setStatus('failed');
    release();
  } finally {
    $('watch').disabled = false;
  }
}

/** Moves the viewer to the selected mountpoint on the same PeerConnection (same media kinds). */
async function switchTo() {
  const id = Number($('mountpoint').value);
  try {
    await request(socket, 'switch', { id });
    watching = id;
    log(`switched to mountpoint ${id}`);
    clearError();
  } catch (err) {
    showError(err.message);
  }
}

/** Lets go of the PeerConnection. */
function release(state) {
  pc?.close();
  pc = undefined;
  watching = undefined;
  $('remote').srcObject = null;
  $('stop').disabled = true;
  $('switch').disabled = true;
  if (state) setStatus(state);
}

async function stop() {
  try {
    await request(socket, 'stop');
  } catch (err) {
    showError(err.message);
  }
  release('idle');
}

$('refresh').onclick = () => refresh().catch((err) => showError(err.message));
$('watch').onclick = watch;
$('switch').onclick = switchTo;
$('stop').onclick = stop;
await showAuthMode();
try {
  await ensureSocket();
  await refresh();
} catch (err) {
  showError(err.message);
}
