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

const params = new URLSearchParams(location.search);
if (params.get('room')) $('room').value = params.get('room');
$('username').value = params.get('username') || `guest-${Math.floor(Math.random() * 10000)}`;

let socket;
let pc;
let channel;
let room;
let transactions = 0;
/** Requests sent on the data channel and waiting for Janus's answer, by transaction. */
const pending = new Map();
/** Who is in the room, by username. */
const people = new Map();
/** For tests and the console: what the chat shows (`{ kind, from?, text }`), and the live channel. */
window.chat = {
  lines: [],
  get channel() {
    return channel;
  },
  send,
};

function show(kind, text, from) {
  window.chat.lines.push({ kind, text, ...(from ? { from } : {}) });
  $('chat').append(`${from ? `${from}: ` : `[${kind}] `}${text}\n`);
}

function showPeople() {
  $('participants').textContent = people.size ? [...people.values()].join(', ') : '—';
}

/** Sends a TextRoom request on the data channel; resolves with Janus's answer (or rejects with its error). */
function send(body) {
  const transaction = `t${++transactions}`;
  channel.send(JSON.stringify({ ...body, transaction }));
  return new Promise((resolve, reject) => pending.set(transaction, { resolve, reject }));
}

/** One frame Janus sent on the data channel. */
function onFrame(raw) {
  let frame;
  try {
    frame = JSON.parse(raw);
  } catch {
    return log(`not JSON: ${raw}`);
  }
  const waiting = frame.transaction && pending.get(frame.transaction);
  if (waiting) {
    pending.delete(frame.transaction);
    if (frame.textroom === 'error') waiting.reject(new Error(`${frame.error} (${frame.error_code})`));
    else waiting.resolve(frame);
    return;
  }
  switch (frame.textroom) {
    case 'message':
      show('message', frame.text, frame.from);
      break;
    case 'announcement':
      show('announcement', frame.text);
      break;
    case 'join':
      people.set(frame.username, frame.display || frame.username);
      showPeople();
      show('join', `${frame.display || frame.username} joined`);
      break;
    case 'leave':
      people.delete(frame.username);
      showPeople();
      show('leave', `${frame.username} left`);
      break;
    case 'kicked':
      people.delete(frame.username);
      showPeople();
      show('kicked', `${frame.username} was removed`);
      if (frame.username === $('username').value) stop('kicked');
      break;
    case 'destroyed':
      show('destroyed', 'the room was closed');
      stop('room destroyed');
      break;
    default:
      log(`frame: ${raw}`);
  }
}

async function join() {
  $('join').disabled = true;
  room = Number($('room').value);
  const username = $('username').value.trim();
  try {
    if (!socket) {
      socket = await connect('/textroom', 'textroom-error');
      socket.on('trickle', ({ data }) => pc && addRemoteCandidate(pc, data));
      socket.on('hangup', ({ data }) => log(`hangup ${data?.reason ?? ''}`));
      socket.on('webrtcup', () => log('data channel PeerConnection up'));
    }
    setStatus('starting');
    pc = new RTCPeerConnection(await rtcConfiguration());
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) socket.emit('trickle', { data: { candidate: candidate.toJSON() } });
      else socket.emit('trickle-complete', { data: {} });
    };
    const opened = new Promise((resolve) => {
      pc.ondatachannel = ({ channel: incoming }) => {
        incoming.onmessage = ({ data }) => onFrame(data);
      };
      channel = pc.createDataChannel('JanusDataChannel');
      channel.onmessage = ({ data }) => onFrame(data);
      channel.onopen = resolve;
    });
    const { jsep } = await request(socket, 'setup');
    await setRemoteDescription(pc, jsep);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    await request(socket, 'answer', { jsep: { type: answer.type, sdp: answer.sdp } });
    setStatus('negotiated');
    await opened;
    setStatus('joining');
    const joined = await send({ textroom: 'join', room, username, display: username });
    people.clear();
    people.set(username, username);
    for (const p of joined.participants ?? []) people.set(p.username, p.display || p.username);
    showPeople();
    setStatus('joined');
    clearError();
    for (const id of ['leave', 'text', 'send']) $(id).disabled = false;
  } catch (err) {
    showError(err.message);
    stop('failed');
  }
}

/** Closes the data channel's PeerConnection; the app detaches the handle (Janus takes the participant out). */
function stop(state) {
  for (const { reject } of pending.values()) reject(new Error('left'));
  pending.clear();
  channel = undefined;
  pc?.close();
  pc = undefined;
  people.clear();
  showPeople();
  if (socket?.connected) request(socket, 'hangup').catch(() => undefined);
  setStatus(state);
  for (const id of ['leave', 'text', 'send']) $(id).disabled = true;
  $('join').disabled = false;
}

$('join').onclick = join;
$('leave').onclick = () => stop('left');
$('send-form').onsubmit = async (event) => {
  event.preventDefault();
  const text = $('text').value;
  if (!text || !channel) return;
  $('text').value = '';
  try {
    // Janus relays the message to everyone in the room, this page included: it shows up through onFrame.
    await send({ textroom: 'message', room, text, ack: true });
  } catch (err) {
    showError(err.message);
  }
};
await showAuthMode();
