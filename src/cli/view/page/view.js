// The live view: draws each state the tutor sends over the event stream. Plain DOM, no library:
// the picture is boxes in boxes, and every text goes in through textContent (never as HTML).
'use strict';

const GHOST_MS = 2500;
const FRESH_MS = 4000;
const CHANGED_MS = 3000;

let state = null;
let previous = null;
/** uid → when the pod first appeared (not for the pods of the first state). */
const firstSeen = new Map();
/** uid → { pod, replicaSet, goneAt }: pods just deleted, drawn fading where they were. */
const ghosts = new Map();
/** service name → { count, changedAt } */
const endpointCounts = new Map();

function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) continue;
    if (key === 'class') el.className = value;
    else el.setAttribute(key, String(value));
  }
  for (const child of children.flat()) {
    if (child === undefined || child === null || child === false) continue;
    el.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return el;
}

/** A CSS animation that continues where it was across redraws, ended after `ms`. */
function animated(el, className, since, ms, now) {
  const age = now - since;
  if (age >= ms) return el;
  el.classList.add(className);
  el.style.animationDelay = `-${age}ms`;
  return el;
}

function age(iso, now) {
  if (!iso) return '';
  const s = Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
  if (s < 120) return `${s}s`;
  if (s < 7200) return `${Math.floor(s / 60)}m`;
  if (s < 172800) return `${Math.floor(s / 3600)}h`;
  return `${Math.floor(s / 86400)}d`;
}

function short(name) {
  // fastapi-k8s-77477f7bbd-gf6qw → …-gf6qw: the part that tells pods apart.
  const parts = name.split('-');
  return parts.length > 2 ? `…-${parts.at(-1)}` : name;
}

function podState(pod) {
  if (pod.gone) return ['gone', 'Deleted'];
  if (pod.terminating) return ['terminating', 'Terminating'];
  if (pod.reason && /BackOff|Err|Invalid|Failed/.test(pod.reason)) return ['failing', pod.reason];
  if (pod.phase === 'Failed') return ['failing', 'Failed'];
  if (pod.phase === 'Succeeded') return ['done', 'Completed'];
  if (pod.phase === 'Pending') return ['pending', pod.reason || 'Pending'];
  return pod.ready ? ['ready', 'Ready'] : ['not-ready', 'Running, not Ready'];
}

function podChip(pod, now) {
  const [key, words] = podState(pod);
  const chip = h('div', { class: 'pod', 'data-pod': pod.name, 'data-state': key, 'data-ready': String(pod.ready && !pod.terminating && !pod.gone), title: pod.name },
    h('div', { class: 'name' }, short(pod.name)),
    h('div', { class: 'state' }, words),
    h('div', { class: 'detail' }, [pod.ip, pod.node].filter(Boolean).join(' · ') || 'no node yet'),
    h('div', { class: 'detail' }, `restarts ${pod.restarts} · age ${age(pod.createdAt, now)}`),
  );
  if (pod.gone) chip.style.animationDelay = `-${now - pod.goneAt}ms`;
  const seen = firstSeen.get(pod.uid);
  if (seen !== undefined && !pod.gone) animated(chip, 'fresh', seen, FRESH_MS, now);
  return chip;
}

function roleOf(rs, deployment) {
  const newest = deployment.replicaSets[0];
  const active = deployment.replicaSets.filter((r) => r.desired > 0 || r.pods.length > 0);
  if (rs === newest) return active.length > 1 ? ['taking-over', 'new, taking over'] : ['current', 'current'];
  return rs.desired > 0 || rs.pods.length > 0 ? ['draining', 'old, draining'] : ['old', 'old (kept for rollback)'];
}

function withGhosts(pods, replicaSet) {
  const drawn = pods.slice();
  for (const ghost of ghosts.values()) if (ghost.replicaSet === replicaSet) drawn.push({ ...ghost.pod, gone: true, goneAt: ghost.goneAt });
  return drawn.sort((a, b) => a.name.localeCompare(b.name));
}

function drawWorkloads(now) {
  const root = document.getElementById('workloads');
  const cards = state.deployments.map((d) => {
    const sets = d.replicaSets.map((rs) => {
      const [role, words] = roleOf(rs, d);
      const pods = withGhosts(rs.pods, rs.name);
      return h('div', { class: 'rs', 'data-rs': rs.name, 'data-role': role, 'data-desired': rs.desired, 'data-ready': rs.ready, 'data-revision': rs.revision || '' },
        h('div', { class: 'rs-head' },
          h('span', { class: 'kind' }, 'ReplicaSet'),
          h('span', { class: 'rs-name' }, rs.name),
          h('span', {}, `revision ${rs.revision || '?'}`),
          h('span', {}, h('b', {}, `${rs.ready}/${rs.desired}`), ' ready'),
          h('span', { class: 'role' }, words)),
        role === 'old' && pods.length === 0 ? null : h('div', { class: 'pods' }, pods.map((p) => podChip(p, now))));
    });
    return h('div', { class: 'card', 'data-deployment': d.name },
      h('h3', {}, h('span', { class: 'kind' }, 'Deployment'), d.name),
      h('div', { class: 'facts' }, 'desired ', h('b', {}, d.desired), ' · ready ', h('b', {}, d.ready), ' · up to date ', h('b', {}, d.updated), d.strategy ? ` · ${d.strategy}` : ''),
      sets);
  });
  const loose = withGhosts(state.otherPods, '');
  if (loose.length > 0) cards.push(h('div', { class: 'card' }, h('h3', {}, h('span', { class: 'kind' }, 'Pods'), 'not owned by a ReplicaSet'), h('div', { class: 'pods' }, loose.map((p) => podChip(p, now)))));
  if (cards.length === 0) cards.push(h('p', { class: 'empty' }, `Nothing runs in ${state.namespace} yet. The lessons create it; kubectl apply does too.`));
  root.replaceChildren(...cards);
}

function drawServices(now) {
  const root = document.getElementById('services');
  const cards = state.services.map((s) => {
    const ready = s.endpoints.filter((e) => e.ready).length;
    const known = endpointCounts.get(s.name);
    if (!known || known.count !== ready) endpointCounts.set(s.name, { count: ready, changedAt: known ? now : 0 });
    const count = h('span', { class: 'count', 'data-full': String(ready > 0 && ready === s.endpoints.length) }, `${ready} ready`);
    animated(count, 'changed', endpointCounts.get(s.name).changedAt, CHANGED_MS, now);
    const chains = s.ports.map((p) =>
      h('div', { class: 'chain' },
        p.nodePort ? [h('span', { class: 'hop' }, h('small', {}, 'nodePort'), p.nodePort), h('span', { class: 'arrow' }, '→')] : null,
        h('span', { class: 'hop' }, h('small', {}, 'port'), p.port), h('span', { class: 'arrow' }, '→'),
        h('span', { class: 'hop' }, h('small', {}, 'targetPort'), p.targetPort), h('span', { class: 'arrow' }, '→'),
        h('span', { class: 'hop' }, h('small', {}, 'containerPort'), p.containerPort ?? '(no pod)')));
    return h('div', { class: 'card', 'data-service': s.name, 'data-endpoints-ready': ready, 'data-endpoints-total': s.endpoints.length },
      h('h3', {}, h('span', { class: 'kind' }, `Service · ${s.type}`), s.name),
      h('div', { class: 'facts' }, 'selects ', h('b', {}, s.selector || '(no selector)')),
      chains,
      h('div', {}, 'Endpoints: ', count, ` of ${s.endpoints.length}`),
      s.endpoints.length === 0
        ? h('div', { class: 'empty' }, 'no endpoints: nothing answers this Service right now')
        : h('div', { class: 'endpoints' }, s.endpoints.map((e) => h('span', { class: 'endpoint', 'data-ready': String(e.ready), title: e.pod || '' }, `${e.pod ? short(e.pod) : ''} ${e.ip}`.trim()))));
  });
  if (cards.length === 0) cards.push(h('p', { class: 'empty' }, 'No Service yet.'));
  root.replaceChildren(...cards);
}

function drawMore() {
  const parts = [];
  for (const a of state.hpas) {
    parts.push(h('div', { class: 'card', 'data-hpa': a.name },
      h('h3', {}, h('span', { class: 'kind' }, 'HorizontalPodAutoscaler'), a.name),
      h('div', { class: 'facts' }, 'CPU ', h('b', {}, a.current ?? '?'), ` of target ${a.target} · replicas `, h('b', {}, a.replicas), a.wanted ? ` (wants ${a.wanted})` : '', ` · ${a.min ?? 1}–${a.max}`)));
  }
  for (const v of state.volumes) {
    parts.push(h('div', { class: 'card', 'data-pvc': v.claim },
      h('h3', {}, h('span', { class: 'kind' }, 'PersistentVolumeClaim'), v.claim),
      h('div', { class: 'chain' },
        h('span', { class: 'hop' }, h('small', {}, 'claim'), `${v.claim} ${v.size ?? ''} ${v.phase}`), h('span', { class: 'arrow' }, '→'),
        h('span', { class: 'hop' }, h('small', {}, 'volume'), v.volume ? `${v.volume.name} ${v.volume.phase}${v.volume.reclaim ? ` · ${v.volume.reclaim}` : ''}` : 'none yet')),
      v.storageClass ? h('div', { class: 'facts' }, `StorageClass ${v.storageClass}`) : null));
  }
  if (state.configMaps.length > 0 || state.secrets.length > 0) {
    parts.push(h('div', { class: 'card' },
      h('h3', {}, 'Configuration'),
      state.configMaps.length > 0 ? [h('div', { class: 'kind' }, 'ConfigMaps'), h('div', { class: 'names' }, state.configMaps.map((n) => h('span', {}, n)))] : null,
      state.secrets.length > 0 ? [h('div', { class: 'kind' }, 'Secrets (names only; values are never shown)'), h('div', { class: 'names' }, state.secrets.map((n) => h('span', { 'data-secret': n }, n)))] : null));
  }
  if (state.nodes.length > 0) {
    parts.push(h('div', { class: 'card' }, h('h3', {}, 'Nodes'),
      h('div', { class: 'names' }, state.nodes.map((n) => h('span', { 'data-node': n.name }, `${n.name} ${n.ready ? 'Ready' : 'NotReady'}${n.schedulable ? '' : ', SchedulingDisabled'}`)))));
  }
  document.getElementById('more').replaceChildren(...parts);
}

function drawLesson() {
  const root = document.getElementById('lesson');
  const lesson = state.lesson;
  root.hidden = !lesson;
  if (!lesson) return;
  const step = lesson.step;
  const left = h('div', {},
    h('h2', {}, `Lesson ${lesson.number} · ${lesson.title}`),
    lesson.finished
      ? h('div', { class: 'now', 'data-step': 'done' }, lesson.finished.passed ? 'Done: the lesson check passes.' : 'Finished; the lesson check does not pass yet.')
      : step ? h('div', { class: 'now', 'data-step': step.index + 1 }, `Step ${step.index + 1} of ${lesson.steps}: ${step.say}`) : null,
    lesson.lastAction ? h('div', {}, h('div', { class: 'thin' }, `Last action: ${lesson.lastAction.say}`), lesson.lastAction.kubectl ? h('code', { class: 'kubectl' }, `$ ${lesson.lastAction.kubectl}`) : null) : null);
  const right = h('div', {},
    // After a wait, its items stay (green) while the next steps run: they are then what was last checked.
    h('div', { class: 'kind' }, step && (step.kind === 'waitFor' || step.kind === 'tryIt') && !lesson.finished ? 'What the tutor is waiting for' : 'Last checked'),
    lesson.checks.length === 0 ? h('div', { class: 'empty' }, 'nothing right now') : h('ul', {}, lesson.checks.map((c) => h('li', { 'data-passed': String(c.passed), 'data-check': c.name }, c.message))));
  root.replaceChildren(left, right);
}

function drawEvents() {
  const items = state.events.map((e) =>
    h('li', { 'data-type': e.type },
      h('span', { class: 'at' }, e.at ? new Date(e.at).toLocaleTimeString([], { hour12: false }) : ''),
      h('b', {}, e.reason + (e.count > 1 ? ` ×${e.count}` : '')),
      h('span', { class: 'object', title: e.object }, e.object),
      h('span', {}, e.message)));
  if (items.length === 0) items.push(h('li', {}, h('span', { class: 'empty' }, 'no events yet')));
  document.getElementById('events').replaceChildren(...items);
}

function allPods(s) {
  const pods = new Map();
  for (const d of s.deployments) for (const rs of d.replicaSets) for (const p of rs.pods) pods.set(p.uid, { pod: p, replicaSet: rs.name });
  for (const p of s.otherPods) pods.set(p.uid, { pod: p, replicaSet: '' });
  return pods;
}

function remember(now) {
  const current = allPods(state);
  if (previous) {
    const before = allPods(previous);
    for (const [uid, was] of before) if (!current.has(uid)) ghosts.set(uid, { ...was, goneAt: now });
    for (const uid of current.keys()) if (!before.has(uid) && !firstSeen.has(uid)) firstSeen.set(uid, now);
  }
  for (const [uid, ghost] of ghosts) if (now - ghost.goneAt > GHOST_MS || current.has(uid)) ghosts.delete(uid);
  for (const [uid, at] of firstSeen) if (now - at > FRESH_MS && !current.has(uid)) firstSeen.delete(uid);
}

function draw() {
  if (!state) return;
  const now = Date.now();
  for (const [uid, ghost] of ghosts) if (now - ghost.goneAt > GHOST_MS) ghosts.delete(uid);
  document.getElementById('where').textContent = `namespace ${state.namespace} · context ${state.context}`;
  const connection = document.getElementById('connection');
  connection.dataset.connected = String(state.connected);
  connection.textContent = state.connected ? 'live' : 'lost the cluster; reconnecting…';
  drawLesson();
  drawWorkloads(now);
  drawServices(now);
  drawMore();
  drawEvents();
  document.body.dataset.drawnAt = String(now);
}

function connect() {
  const stream = new EventSource('events');
  stream.onmessage = (message) => {
    state = JSON.parse(message.data);
    remember(Date.now());
    draw();
    previous = state;
  };
  stream.onerror = () => {
    const connection = document.getElementById('connection');
    connection.dataset.connected = 'false';
    connection.textContent = 'the tutor stopped (or is restarting); this page shows the last state';
  };
}

connect();
// Ages tick, and deleted pods fade out, between events too.
setInterval(draw, 1000);
