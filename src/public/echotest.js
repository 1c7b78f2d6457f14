import {
  $,
  addRemoteCandidate,
  clearError,
  connect,
  rtcConfiguration,
  log,
  request,
  setRemoteDescription,
  setStatus,
  showAuthMode,
  showError,
  stopCapture,
} from './demo-client.js';

let socket;
let pc;
let stream;
/** Every stream this page captured, for tests: after Hang up, none has a live track. */
const captured = [];
/** For tests and the console: the live PeerConnection and the captures. */
window.demo = {
  get pc() {
    return pc;
  },
  get liveCaptureTracks() {
    return captured.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length;
  },
};

async function start() {
  $('start').disabled = true;
  try {
    if (!socket) {
      // Once per socket: a second Start reuses it (handlers added again would run twice).
      socket = await connect('/echotest', 'echo-error');
      socket.on('webrtcup', () => setStatus('webrtcup'));
      socket.on('result', ({ data }) => log(`result: ${data.result}`));
      socket.on('media', ({ data }) => log(`media ${data.type} receiving=${data.receiving}`));
      socket.on('hangup', ({ data }) => log(`hangup ${data?.reason ?? ''}`));
      socket.on('trickle', ({ data }) => pc && addRemoteCandidate(pc, data));
    }

    setStatus('starting');
    stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
    captured.push(stream);
    $('local').srcObject = stream;
    pc = new RTCPeerConnection(await rtcConfiguration());
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    pc.ontrack = (event) => {
      $('remote').srcObject = event.streams[0] ?? new MediaStream([event.track]);
    };
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) socket.emit('trickle', { data: { candidate: candidate.toJSON() } });
      else socket.emit('trickle-complete', { data: {} });
    };
    await request(socket, 'start');
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const { jsep } = await request(socket, 'offer', {
      audio: true,
      video: true,
      jsep: { type: offer.type, sdp: offer.sdp },
    });
    await setRemoteDescription(pc, jsep);
    // webrtcup can come before setRemoteDescription resolves: never step back from it.
    if (document.body.dataset.status !== 'webrtcup') setStatus('negotiated');
    clearError();
    $('hangup').disabled = false;
  } catch (err) {
    showError(err.message);
    setStatus('failed');
    release();
    $('start').disabled = false;
  }
}

/** Lets go of the PeerConnection and the camera. */
function release() {
  pc?.close();
  pc = undefined;
  stopCapture(stream);
  stream = undefined;
  $('local').srcObject = null;
  $('remote').srcObject = null;
}

async function hangup() {
  $('hangup').disabled = true;
  try {
    await request(socket, 'hangup');
  } catch (err) {
    showError(err.message);
  }
  release();
  setStatus('idle');
  $('start').disabled = false;
}

$('start').onclick = start;
$('hangup').onclick = hangup;
await showAuthMode();
