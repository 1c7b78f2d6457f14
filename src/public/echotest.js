import {
  addRemoteCandidate,
  connect,
  rtcConfiguration,
  log,
  request,
  setRemoteDescription,
  setStatus,
  showAuthMode,
  showError,
} from './demo-client.js';

const $ = (id) => document.getElementById(id);
let socket;
let pc;
/** For tests and the console: the live PeerConnection. */
window.demo = {
  get pc() {
    return pc;
  },
};

async function start() {
  $('start').disabled = true;
  try {
    if (!socket) {
      // Once per socket: a second Start reuses it (handlers added again would run twice).
      socket = await connect('/echotest');
      socket.on('echo-error', ({ error, code }) => showError(`${error} (${code})`));
      socket.on('webrtcup', () => setStatus('webrtcup'));
      socket.on('result', ({ data }) => log(`result: ${data.result}`));
      socket.on('media', ({ data }) => log(`media ${data.type} receiving=${data.receiving}`));
      socket.on('hangup', ({ data }) => log(`hangup ${data?.reason ?? ''}`));
      socket.on('trickle', ({ data }) => pc && addRemoteCandidate(pc, data));
    }

    setStatus('starting');
    const stream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true });
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
    $('hangup').disabled = false;
  } catch (err) {
    showError(err.message);
    setStatus('failed');
    $('start').disabled = false;
  }
}

async function hangup() {
  $('hangup').disabled = true;
  try {
    await request(socket, 'hangup');
  } catch (err) {
    showError(err.message);
  }
  pc?.close();
  pc = undefined;
  setStatus('idle');
  $('start').disabled = false;
}

$('start').onclick = start;
$('hangup').onclick = hangup;
await showAuthMode();
