// The tinkerhome demo: logs in once, lists a zone's devices with a live query, toggles them, shows
// the session's state, and after a reload carries on with the stored session (no password asked).
import { OrientDB } from '/dist/orientdb-edge.browser.js';

// The bridge comes from the server that served this page, never from the page's URL: a crafted link
// (?bridge=wss://elsewhere) must not be able to send the password typed below to another server.
const { bridge } = await fetch('/config.json', { cache: 'no-cache' }).then((r) => r.json());
const ZONES = ['living-room', 'kitchen', 'bedroom'];
const $ = (id) => document.getElementById(id);

const client = new OrientDB({ url: bridge, db: 'tinkerhome' });
const demo = { phase: 'starting', via: null, zone: null, devices: [], events: 0, live: false, error: null };
window.demo = demo;
window.client = client;

let live = null;
let zone = sessionStorage.getItem('tinkerhome:zone') ?? ZONES[0];

function showSession() {
  const s = client.session;
  $('s-state').textContent = s ? 'attached' : demo.phase === 'login' ? 'logged out' : 'starting…';
  const how = {
    resume: 'resumed the parked connection (bridge)',
    session: 'old session on a new connection',
    stateless: 'token-only requests (old session gone)',
    reauthenticate: 'logged in again (callback)',
  };
  $('s-via').textContent = !s
    ? '–'
    : s.via === 'login'
      ? 'logged in with the password'
      : s.via === 'reauthenticate'
        ? how.reauthenticate
        : `reattached without the password: ${how[s.via] ?? s.via}`;
  $('s-who').textContent = s ? `${s.database} / ${s.user}` : '–';
  $('s-id').textContent = s ? String(s.sessionId) : '–';
  $('s-exp').textContent = s?.expiresAt
    ? `${new Date(s.expiresAt).toLocaleTimeString()} (in ${Math.max(0, Math.round((s.expiresAt - Date.now()) / 60000))} min)`
    : '–';
  $('s-renewals').textContent = s ? String(s.renewals) : '–';
  $('logout').hidden = !s;
}
setInterval(showSession, 1000);

function renderZones() {
  $('zones').replaceChildren(
    ...ZONES.map((z) => {
      const b = document.createElement('button');
      b.type = 'button';
      b.textContent = z;
      b.setAttribute('aria-pressed', String(z === zone));
      b.addEventListener('click', () => {
        void openZone(z);
      });
      return b;
    }),
  );
}

function renderDevices() {
  $('devices').replaceChildren(
    ...demo.devices.map((d) => {
      const li = document.createElement('li');
      li.dataset.rid = d.rid;
      const name = document.createElement('span');
      name.className = 'name';
      name.textContent = d.name;
      const status = document.createElement('span');
      status.className = `status ${d.status}`;
      status.textContent = d.status;
      const toggle = document.createElement('button');
      toggle.type = 'button';
      toggle.textContent = d.status === 'on' ? 'Turn off' : 'Turn on';
      toggle.addEventListener('click', () => {
        void toggleDevice(d);
      });
      li.append(name, status, toggle);
      return li;
    }),
  );
}

function logEvent(text) {
  demo.events++;
  const li = document.createElement('li');
  li.textContent = `${new Date().toLocaleTimeString()} ${text}`;
  $('events').prepend(li);
}

const toDevice = (r) => ({ rid: String(r['@rid']), name: r.name, status: r.status });

async function readDevices(z) {
  const rows = await client.query('SELECT FROM Nodes WHERE zone = :zone ORDER BY name', { zone: z });
  demo.devices = rows.map(toDevice);
  renderDevices();
}

async function openZone(z) {
  zone = z;
  demo.zone = z;
  sessionStorage.setItem('tinkerhome:zone', z);
  renderZones();
  if (live) {
    const old = live;
    live = null;
    void old.unsubscribe().catch(() => undefined);
  }
  await readDevices(z);
  let sub;
  try {
    sub = await client.live('SELECT FROM Nodes WHERE zone = :zone', { zone: z });
  } catch (err) {
    if (err.code !== 'ERR_NOT_SUPPORTED') throw err;
    // Reattached with token-only requests: queries and commands work, live queries need a new login.
    demo.live = false;
    $('live-note').textContent =
      'Token-only session (the server no longer had the old one): no live updates until you log in again.';
    return;
  }
  demo.live = true;
  $('live-note').textContent = '';
  live = sub;
  void (async () => {
    try {
      for await (const e of sub) {
        if (live !== sub) break;
        const d = toDevice(e.record);
        const i = demo.devices.findIndex((x) => x.rid === d.rid);
        if (e.type === 'delete') {
          if (i >= 0) demo.devices.splice(i, 1);
        } else if (i >= 0) demo.devices[i] = d;
        else demo.devices.push(d);
        demo.devices.sort((a, b) => a.name.localeCompare(b.name));
        renderDevices();
        logEvent(`${e.type} ${d.name} → ${d.status}`);
      }
    } catch (err) {
      logEvent(`live query ended: ${err.code ?? err.message}`);
    }
  })();
}

async function toggleDevice(d) {
  if (!/^#\d+:\d+$/.test(d.rid)) throw new Error(`not a record id: ${d.rid}`);
  await client.command(`UPDATE ${d.rid} SET status = :s`, { s: d.status === 'on' ? 'off' : 'on' });
  if (!demo.live) await openZone(zone);
}

async function start() {
  try {
    await openZone(zone);
    demo.phase = 'ready';
    demo.via = client.session?.via ?? null;
    $('login').hidden = true;
    $('home').hidden = false;
  } catch (err) {
    if (err.code !== 'ERR_SESSION_EXPIRED') {
      demo.error = `${err.code}: ${err.message}`;
      $('s-state').textContent = demo.error;
      throw err;
    }
    demo.phase = 'login';
    $('login').hidden = false;
    $('home').hidden = true;
  }
  showSession();
}

$('login-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const f = new FormData(event.target);
  $('login-error').textContent = '';
  try {
    await client.dbOpen(String(f.get('db')), String(f.get('user')), String(f.get('password')));
    event.target.reset();
    await start();
  } catch (err) {
    $('login-error').textContent = `${err.code ?? ''} ${err.message}`;
  }
});

$('logout').addEventListener('click', async () => {
  live = null;
  await client.close({ logout: true });
  location.reload();
});

// After a dropped connection the client reattaches and subscribes the live query again by itself;
// changes made while it was down produced no event, so the list is read again.
client.onReattach((state) => {
  if (state.reconnects === 0 || demo.phase !== 'ready') return;
  logEvent(`reconnected (${state.via}), live query gaps: ${live?.gaps ?? 0}`);
  void (live && !live.ended ? readDevices(zone) : openZone(zone));
});

renderZones();
void start();
