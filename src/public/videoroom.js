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
let room;
let myFeed;
let publisherPc;
let localStream;
let rtc = {};
/** Every stream this page captured, for tests: once the page left the room, none has a live track. */
const captured = [];

/*
 * Everyone else's media comes over ONE subscriber PeerConnection (the multistream VideoRoom of docs/PROTOCOL.md):
 * the page asks for new publishers' streams with `subscribe` on it, Janus renegotiates (its offer in the reply, the
 * page's answer with `start`). When a publisher goes away, the page takes its streams out with `unsubscribe` (Janus
 * does it by itself when a publisher unpublishes: an `updated` event with a new offer, answered the same way; not
 * when it leaves the room at once).
 */
let subscriberPc;
/** The subscription's m-lines as Janus last described them: sub mid -> { type, active, feed_id, feed_mid, ... }. */
let subscription = new Map();
/** Remote feed -> { tile, video, display, mids (the subscription's active mids of that feed), receiving }. */
const remoteFeeds = new Map();
/** `feed:mid` of streams asked for that are not in the subscription yet (so none is asked for twice). */
const requested = new Set();
/** Negotiations of the subscriber PeerConnection, one at a time (the page's requests and Janus's own offers). */
let negotiations = Promise.resolve();
/** Bumped when the page leaves the room: negotiations queued before then do nothing. */
let generation = 0;

/** For tests and the console. */
window.demo = {
  get publisher() {
    return publisherPc;
  },
  /** The one subscriber PeerConnection. */
  get subscriber() {
    return subscriberPc;
  },
  /** Remote feeds shown: feed -> { tile, mids }. */
  subscribers: remoteFeeds,
  get feed() {
    return myFeed;
  },
  get liveCaptureTracks() {
    return captured.flatMap((s) => s.getTracks()).filter((t) => t.readyState === 'live').length;
  },
};

// Each tab gets its own name unless the user types one.
if ($('display').value === 'guest') $('display').value = `guest-${Math.floor(1000 + Math.random() * 9000)}`;

/** Runs `task` after the negotiations queued before it, unless the page left the room meanwhile. */
function negotiate(task) {
  const current = generation;
  const run = negotiations.then(() => (current === generation ? task() : undefined));
  negotiations = run.catch((err) => showError(err.message));
  return negotiations;
}

function ensureSubscriberPc() {
  if (subscriberPc) return subscriberPc;
  const pc = (subscriberPc = new RTCPeerConnection(rtc));
  pc.ontrack = () => showRemoteMedia();
  pc.onicecandidate = ({ candidate }) => {
    if (pc !== subscriberPc) return;
    if (candidate) socket.emit('trickle', { data: { room, candidate: candidate.toJSON() } });
    else socket.emit('trickle-complete', { data: { room } });
  };
  return pc;
}

/** A tile for a remote feed (one per feed: its video, and its audio, by the subscription's mids of that feed). */
function feedEntry(feed, display) {
  let entry = remoteFeeds.get(feed);
  if (entry) return entry;
  const tile = document.createElement('div');
  tile.className = 'tile';
  tile.dataset.feed = String(feed);
  const video = document.createElement('video');
  video.autoplay = true;
  video.playsInline = true;
  tile.append(video, document.createTextNode(display ?? `feed ${feed}`));
  $('videos').append(tile);
  entry = { tile, video, mids: new Set(), receiving: false };
  remoteFeeds.set(feed, entry);
  return entry;
}

function inSubscription(feed, mid) {
  return [...subscription.values()].some(
    (s) => s.active && s.feed_id === feed && (mid === undefined || s.feed_mid === mid),
  );
}

/** Asks for the streams of `publishers` (`{ feed, display, streams }`) that the subscription does not carry yet. */
function subscribeTo(publishers) {
  const streams = [];
  for (const p of publishers) {
    if (p.feed === myFeed) continue;
    const mids = p.streams ? p.streams.filter((s) => !s.disabled).map((s) => s.mid) : [undefined];
    for (const mid of mids) {
      const key = `${p.feed}:${mid ?? ''}`;
      if (requested.has(key) || inSubscription(p.feed, mid)) continue;
      requested.add(key);
      streams.push(mid === undefined ? { feed: p.feed } : { feed: p.feed, mid });
    }
    if (mids.length) feedEntry(p.feed, p.display);
  }
  if (streams.length === 0) return;
  ensureSubscriberPc();
  void negotiate(async () => {
    try {
      await answerOffer(await request(socket, 'subscribe', { room, streams }));
    } catch (err) {
      for (const s of streams) requested.delete(`${s.feed}:${s.mid ?? ''}`);
      throw err;
    }
  });
}

/** Takes Janus's description of the subscription and, when there is one, answers its offer. */
async function answerOffer({ streams, jsep }) {
  if (streams) {
    subscription = new Map(streams.map((s) => [s.mid, s]));
    for (const s of streams) if (s.active) requested.delete(`${s.feed_id}:${s.feed_mid ?? ''}`);
  }
  if (jsep) {
    const current = generation;
    const pc = ensureSubscriberPc();
    await setRemoteDescription(pc, jsep);
    const answer = await pc.createAnswer();
    await pc.setLocalDescription(answer);
    if (current !== generation) return;
    await request(socket, 'start', { room, jsep: { type: answer.type, sdp: answer.sdp } });
  }
  showRemoteMedia();
}

/** Puts each remote feed's tracks (its active mids of the subscription) in its tile. */
function showRemoteMedia() {
  const transceivers = new Map((subscriberPc?.getTransceivers() ?? []).map((t) => [t.mid, t]));
  for (const [feed, entry] of remoteFeeds) {
    const mids = [...subscription.values()].filter((s) => s.active && s.feed_id === feed).map((s) => s.mid);
    entry.mids = new Set(mids);
    const tracks = mids.map((mid) => transceivers.get(mid)?.receiver.track).filter((t) => t);
    const shown = entry.video.srcObject?.getTracks() ?? [];
    if (tracks.length !== shown.length || tracks.some((t) => !shown.includes(t))) {
      entry.video.srcObject = tracks.length ? new MediaStream(tracks) : null;
    }
    if (tracks.length && !entry.receiving) {
      entry.receiving = true;
      log(`receiving feed ${feed}`);
    }
  }
}

/** A remote feed went away (once: Janus announces a departure as `unpublished` and `leaving`): its tile goes. */
function dropFeed(feed) {
  const entry = remoteFeeds.get(feed);
  if (!entry) return;
  entry.tile.remove();
  remoteFeeds.delete(feed);
  for (const key of requested) if (key.startsWith(`${feed}:`)) requested.delete(key);
  log(`no longer receiving feed ${feed}`);
}

/** A remote feed went away: its tile goes, and its m-lines leave the subscription unless Janus took them out already. */
function remoteFeedGone(feed) {
  dropFeed(feed);
  if (!subscriberPc) return;
  void negotiate(async () => {
    const mids = [...subscription.values()].filter((s) => s.active && s.feed_id === feed).map((s) => s.mid);
    if (mids.length === 0) return;
    const streams = mids.map((mid) => ({ sub_mid: mid }));
    await answerOffer(await request(socket, 'unsubscribe', { room, streams }));
  });
}

function pcFor(data) {
  if (data.feed === undefined) return subscriberPc;
  return data.feed === myFeed ? publisherPc : undefined;
}

async function join() {
  $('join').disabled = true;
  try {
    room = Number($('room').value);
    rtc = await rtcConfiguration();
    if (!socket) {
      socket = await connect('/videoroom', 'videoroom-error');
      socket.on('feed-list', ({ data }) => subscribeTo(data.publishers));
      socket.on('unpublished', ({ data }) => data.feed !== myFeed && remoteFeedGone(data.feed));
      socket.on('leaving', ({ data }) => {
        log(`leaving: feed ${data.feed}`);
        if (data.feed !== myFeed) remoteFeedGone(data.feed);
      });
      socket.on('kicked', ({ data }) => (data.feed === myFeed ? reset('kicked') : remoteFeedGone(data.feed)));
      socket.on('destroyed', () => reset('room destroyed'));
      // Janus renegotiates the subscription on its own (a publisher left): a pushed `updated` has no `_id`.
      socket.on('updated', ({ _id, data }) => {
        if (_id === undefined && subscriberPc) void negotiate(() => answerOffer(data));
      });
      socket.on('webrtcup', ({ data }) => {
        log(data.feed === undefined ? 'webrtcup subscription' : `webrtcup feed ${data.feed}`);
        if (data.feed === myFeed) setStatus('publishing');
      });
      socket.on('trickle', ({ data }) => {
        const pc = pcFor(data);
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
    publisherPc.onicecandidate = ({ candidate }) => {
      if (candidate) socket.emit('trickle', { data: { feed: myFeed, candidate: candidate.toJSON() } });
      else socket.emit('trickle-complete', { data: { feed: myFeed } });
    };
    const offer = await publisherPc.createOffer();
    await publisherPc.setLocalDescription(offer);
    const published = await request(socket, 'publish', { feed: myFeed, jsep: { type: offer.type, sdp: offer.sdp } });
    await setRemoteDescription(publisherPc, published.jsep);
    // webrtcup can come before setRemoteDescription resolves: never step back from it.
    if (document.body.dataset.status !== 'publishing') setStatus('joined');
    clearError();
    $('leave').disabled = false;
    subscribeTo(joined.publishers);
  } catch (err) {
    showError(err.message);
    reset('failed');
  }
}

function reset(status) {
  generation++;
  negotiations = Promise.resolve();
  for (const feed of remoteFeeds.keys()) dropFeed(feed);
  subscriberPc?.close();
  subscriberPc = undefined;
  subscription = new Map();
  requested.clear();
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
  // The subscription first: closing its PeerConnection here would leave its handle on the server until the socket
  // closes.
  if (subscriberPc) await request(socket, 'leave', { room }).catch((err) => log(`leave subscription: ${err.message}`));
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
