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
  stopCapture,
} from './demo-client.js';

/*
 * One participant per page over `/audiobridge` (docs/PROTOCOL.md): `join`, then the microphone's offer with
 * `configure`; Janus answers, mixes everyone's audio and sends each participant the mix of the others over that one
 * PeerConnection. The list shows who is in the room and who is muted, kept up to date by the pushed `peer-*` events.
 */

let socket;
let room;
let myFeed;
let pc;
let localStream;
let muted = false;
/** feed -> { display, muted, setup }: everyone in the room but this page. */
const participants = new Map();
/** Every stream this page captured, for tests: once the page left the room, none has a live track. */
const captured = [];

/** What people see for this page's states (`document.body.dataset.status` keeps the state, for tests). */
const STATUS_TEXT = {
  joined: 'in the room, connecting your microphone…',
  connected: 'in the room: you hear the others',
};

/** For tests and the console. */
window.demo = {
  get pc() {
    return pc;
  },
  get feed() {
    return myFeed;
  },
  get room() {
    return room;
  },
  get muted() {
    return muted;
  },
  participants,
  get liveCaptureTracks() {
    return captured.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length;
  },
};

// Each tab gets its own name unless the user types one.
if ($('display').value === 'guest') $('display').value = `guest-${Math.floor(1000 + Math.random() * 9000)}`;

function status(state) {
  setStatus(state);
  if (STATUS_TEXT[state]) $('status').textContent = STATUS_TEXT[state];
}

/** Shows the room and its participants. */
function render() {
  $('room-shown').textContent = room === undefined ? '' : String(room);
  const items = [...participants].map(([feed, p]) => {
    const li = document.createElement('li');
    li.dataset.feed = String(feed);
    li.textContent = `${p.display ?? `participant ${feed}`}${p.muted ? ' (muted)' : ''}${p.setup ? '' : ' (no audio yet)'}`;
    return li;
  });
  $('participants').replaceChildren(...items);
  $('mute').textContent = muted ? 'Unmute' : 'Mute';
}

/** A participant's state as an event tells it (`{ feed, display?, muted?, setup? }`). */
function upsert(data) {
  const known = participants.get(data.feed) ?? {};
  participants.set(data.feed, {
    display: data.display ?? known.display,
    muted: data.muted ?? known.muted ?? false,
    setup: data.setup ?? known.setup ?? false,
  });
  render();
}

function forget(feed) {
  participants.delete(feed);
  render();
}

function listen() {
  socket.on('peer-joined', ({ data }) => {
    log(`joined: ${data.display ?? data.feed}`);
    upsert(data);
  });
  socket.on('peer-configured', ({ data }) => {
    log(`peer-configured: ${data.display ?? data.feed}${data.muted ? ' muted' : ''}`);
    upsert(data);
  });
  // A pushed `configured` (no `_id`: replies have one) is this page's own state, changed by an admin.
  socket.on('configured', ({ _id, data }) => {
    if (_id !== undefined || data.feed !== myFeed) return;
    muted = data.muted ?? muted;
    log(`you were ${muted ? 'muted' : 'unmuted'}`);
    render();
  });
  socket.on('peer-leaving', ({ data }) => {
    log(`left: feed ${data.feed}`);
    forget(data.feed);
  });
  socket.on('peer-kicked', ({ data }) => {
    log(`kicked: feed ${data.feed}`);
    forget(data.feed);
  });
  socket.on('kicked', () => reset('kicked'));
  socket.on('destroyed', ({ _id }) => _id === undefined && reset('room destroyed'));
  socket.on('room-muted-update', ({ data }) => log(`the room is ${data.muted ? 'muted' : 'unmuted'}`));
  socket.on('peer-talking', ({ data }) =>
    log(`${participants.get(data.feed)?.display ?? data.feed} talking: ${data.talking}`),
  );
  socket.on('webrtcup', () => {
    log('webrtcup');
    status('connected');
  });
  socket.on('hangup', ({ data }) => log(`hangup: ${data.reason}`));
  socket.on('trickle', ({ data }) => pc && addRemoteCandidate(pc, data));
}

async function join() {
  $('join').disabled = true;
  try {
    const rtc = await rtcConfiguration();
    if (!socket) {
      socket = await connect('/audiobridge', 'audiobridge-error');
      listen();
    }
    status('joining');
    const joined = await request(socket, 'join', {
      room: Number($('room').value),
      display: $('display').value || 'guest',
    });
    room = joined.room;
    myFeed = joined.feed;
    muted = false;
    participants.clear();
    for (const p of joined.participants) upsert(p);
    log(`joined room ${room} as ${myFeed}`);

    const stream = (localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: false }));
    captured.push(stream);
    pc = new RTCPeerConnection(rtc);
    for (const track of stream.getTracks()) pc.addTrack(track, stream);
    pc.ontrack = ({ track, streams }) => {
      $('mix').srcObject = streams[0] ?? new MediaStream([track]);
    };
    pc.onicecandidate = ({ candidate }) => {
      if (candidate) socket.emit('trickle', { data: { candidate: candidate.toJSON() } });
      else socket.emit('trickle-complete', { data: {} });
    };
    const offer = await pc.createOffer();
    await pc.setLocalDescription(offer);
    const configured = await request(socket, 'configure', { jsep: { type: offer.type, sdp: offer.sdp } });
    await setRemoteDescription(pc, configured.jsep);
    // webrtcup can come before setRemoteDescription resolves: never step back from it.
    if (document.body.dataset.status !== 'connected') status('joined');
    clearError();
    for (const id of ['leave', 'mute', 'change']) $(id).disabled = false;
    render();
  } catch (err) {
    showError(err.message);
    reset('failed');
  }
}

async function toggleMute() {
  try {
    const reply = await request(socket, 'configure', { muted: !muted });
    muted = reply.muted;
    log(muted ? 'muted' : 'unmuted');
    render();
  } catch (err) {
    showError(err.message);
  }
}

/** Moves to another room: the PeerConnection stays, the mix becomes the new room's. */
async function changeRoom() {
  const target = Number($('target').value);
  if (!target) return showError('type the room to move to');
  try {
    const moved = await request(socket, 'changeroom', { room: target });
    room = moved.room;
    myFeed = moved.feed;
    participants.clear();
    for (const p of moved.participants) upsert(p);
    log(`moved to room ${room} as ${myFeed}`);
    clearError();
    render();
  } catch (err) {
    showError(err.message);
  }
}

function reset(state) {
  pc?.close();
  pc = undefined;
  stopCapture(localStream);
  localStream = undefined;
  $('mix').srcObject = null;
  myFeed = undefined;
  room = undefined;
  muted = false;
  participants.clear();
  render();
  status(state);
  $('join').disabled = false;
  for (const id of ['leave', 'mute', 'change']) $(id).disabled = true;
}

async function leave() {
  $('leave').disabled = true;
  try {
    await request(socket, 'leave', { feed: myFeed });
  } catch (err) {
    showError(err.message);
  }
  reset('left');
}

$('join').onclick = join;
$('leave').onclick = leave;
$('mute').onclick = toggleMute;
$('change').onclick = changeRoom;
await showAuthMode();
