import {
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

const $ = (id) => document.getElementById(id);
let socket;
let room;
let myFeed;
let publisherPc;
let localStream;
let rtc = {};
/** Every stream this page captured, for tests: once the page left the room, none has a live track. */
const captured = [];
/** Remote feed id -> { pc, tile }. */
const subscribers = new Map();
/** For tests and the console. */
window.demo = {
  get publisher() {
    return publisherPc;
  },
  subscribers,
  get feed() {
    return myFeed;
  },
  get liveCaptureTracks() {
    return captured.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length;
  },
};

// Each tab gets its own name unless the user types one.
if ($('display').value === 'guest') $('display').value = `guest-${Math.floor(1000 + Math.random() * 9000)}`;

function pcFor(feed) {
  return feed === myFeed ? publisherPc : subscribers.get(feed)?.pc;
}

function trickleFrom(pc, feed) {
  pc.onicecandidate = ({ candidate }) => {
    if (candidate) socket.emit('trickle', { data: { feed, candidate: candidate.toJSON() } });
    else socket.emit('trickle-complete', { data: { feed } });
  };
}

async function subscribe(publisher) {
  const feed = publisher.feed;
  if (feed === myFeed || subscribers.has(feed)) return;
  const pc = new RTCPeerConnection(rtc);
  const tile = document.createElement('div');
  tile.className = 'tile';
  tile.dataset.feed = String(feed);
  const video = document.createElement('video');
  video.autoplay = true;
  video.playsInline = true;
  tile.append(video, document.createTextNode(publisher.display ?? `feed ${feed}`));
  $('videos').append(tile);
  subscribers.set(feed, { pc, tile });
  pc.ontrack = (event) => {
    video.srcObject = event.streams[0] ?? new MediaStream([event.track]);
  };
  trickleFrom(pc, feed);
  try {
    const { jsep } = await request(socket, 'subscribe', { room, feed });
    await setRemoteDescription(pc, jsep);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    await request(socket, 'start', { feed, jsep: { type: answer.type, sdp: answer.sdp } });
    log(`receiving feed ${feed}`);
  } catch (err) {
    showError(err.message);
    unsubscribe(feed);
  }
}

/** Drops the subscription to `feed` (once: Janus announces a departure as `unpublished` and `leaving`). */
function unsubscribe(feed) {
  const sub = subscribers.get(feed);
  if (!sub) return;
  sub.pc.close();
  sub.tile.remove();
  subscribers.delete(feed);
  log(`no longer receiving feed ${feed}`);
}

async function join() {
  $('join').disabled = true;
  try {
    room = Number($('room').value);
    rtc = await rtcConfiguration();
    if (!socket) {
      socket = await connect('/videoroom');
      // Errors of requests come back through their acks; this shows the ones the server pushes on its own.
      socket.on('videoroom-error', ({ _id, error, code }) => _id === undefined && showError(`${error} (${code})`));
      socket.on('feed-list', ({ data }) => data.publishers.forEach((p) => void subscribe(p)));
      socket.on('unpublished', ({ data }) => unsubscribe(data.feed));
      socket.on('leaving', ({ data }) => {
        log(`leaving: feed ${data.feed}`);
        unsubscribe(data.feed);
      });
      socket.on('kicked', ({ data }) => (data.feed === myFeed ? reset('kicked') : unsubscribe(data.feed)));
      socket.on('destroyed', () => reset('room destroyed'));
      socket.on('webrtcup', ({ data }) => {
        log(`webrtcup feed ${data.feed}`);
        if (data.feed === myFeed) setStatus('publishing');
      });
      socket.on('trickle', ({ data }) => {
        const pc = pcFor(data.feed);
        if (pc) addRemoteCandidate(pc, data);
      });
    }
    setStatus('joining');
    const joined = await request(socket, 'join', { room, display: $('display').value || 'guest' });
    myFeed = joined.feed;
    log(`joined room ${joined.room} as feed ${myFeed}`);

    const stream = (localStream = await navigator.mediaDevices.getUserMedia({ audio: true, video: true }));
    captured.push(stream);
    $('local').srcObject = stream;
    publisherPc = new RTCPeerConnection(rtc);
    for (const track of stream.getTracks()) publisherPc.addTrack(track, stream);
    trickleFrom(publisherPc, myFeed);
    const offer = await publisherPc.createOffer();
    await publisherPc.setLocalDescription(offer);
    const published = await request(socket, 'publish', { feed: myFeed, jsep: { type: offer.type, sdp: offer.sdp } });
    await setRemoteDescription(publisherPc, published.jsep);
    // webrtcup can come before setRemoteDescription resolves: never step back from it.
    if (document.body.dataset.status !== 'publishing') setStatus('joined');
    clearError();
    $('leave').disabled = false;
    for (const p of joined.publishers) void subscribe(p);
  } catch (err) {
    showError(err.message);
    reset('failed');
  }
}

function reset(status) {
  for (const feed of subscribers.keys()) unsubscribe(feed);
  publisherPc?.close();
  publisherPc = undefined;
  stopCapture(localStream);
  localStream = undefined;
  $('local').srcObject = null;
  myFeed = undefined;
  setStatus(status);
  $('join').disabled = false;
  $('leave').disabled = true;
}

async function leave() {
  $('leave').disabled = true;
  // The subscriptions first: closing their PeerConnections here would leave their handles on the server until the
  // socket closes.
  await Promise.all(
    [...subscribers.keys()].map((feed) =>
      request(socket, 'leave', { feed }).catch((err) => log(`leave feed ${feed}: ${err.message}`)),
    ),
  );
  try {
    await request(socket, 'leave', { feed: myFeed });
  } catch (err) {
    showError(err.message);
  }
  reset('left');
}

$('join').onclick = join;
$('leave').onclick = leave;
await showAuthMode();
