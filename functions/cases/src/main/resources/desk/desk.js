// The desk's page: sign-in (authorization code with PKCE), the queue, a case and its steps, the lead view,
// and for admins the teams and roles.
// Untrusted text: every customer's or person's string enters the page as a text node (el() below,
// textContent), never through innerHTML or insertAdjacentHTML. A comment is data, never markup.
// The page's words are all in T, in English.

const T = {
  app: 'NPS Loop desk',
  skip: 'Skip to content',
  queue: 'Queue',
  lead: 'Lead view',
  admin: 'Teams and roles',
  signOut: 'Sign out',
  signIn: 'Sign in',
  signingIn: 'Signing you in…',
  signedOut: 'You are signed out.',
  loading: 'Loading…',
  signInFailed: 'Sign-in did not complete. Try again.',
  signInRefused: 'The sign-in service refused: ',
  stateMismatch: 'This sign-in answer was not for this page. Sign in again.',
  notConfigured: 'Sign-in is not configured for this desk.',
  notConfiguredHelp: 'An administrator sets DESK_ISSUER, DESK_CLIENT_ID, DESK_AUTHORIZE_URL, DESK_TOKEN_URL, '
    + 'DESK_LOGOUT_URL and DESK_REDIRECT_URI (in AWS the template sets them from PublicBaseUrl; see docs/admins.md).',
  forbidden: 'Your role does not allow this.',
  failed: 'Something went wrong: ',
  offline: 'The desk could not be reached. Check the connection and try again.',
  notFound: 'There is no such page here.',
  noCase: 'There is no such case. It may have been erased.',
  // The queue
  filters: 'Filters',
  all: 'All',
  show: 'Show',
  more: 'More',
  action: 'Action', tier: 'Value tier', owner: 'Owner', source: 'Source',
  actions: { recovery: 'Recovery', referral: 'Referral', nurture: 'Nurture' },
  tiers: { high: 'High', medium: 'Medium', low: 'Low', unknown: 'Unknown' },
  mine: 'Mine', unassigned: 'Unassigned', team: 'Team ',
  empty: 'No open follow-ups match these filters. Nothing here means nobody is waiting for an answer from you.',
  emptyAll: 'No open follow-ups. New detractors, promoters and passives worth a call appear here as they answer.',
  shown: (n) => n + (n === 1 ? ' follow-up shown, soonest due first.' : ' follow-ups shown, soonest due first.'),
  noName: 'No name',
  score: 'Score ',
  overdue: 'Overdue',
  dueIn: (when, rel) => 'Due ' + when + ' (in ' + rel + ')',
  wasDue: (when, rel) => 'was due ' + when + ' (' + rel + ' ago)',
  ownedBy: 'Owner: ',
  // A case
  who: 'Who', answer: 'Answer', steps: 'Steps', context: 'Context', referrals: 'Referrals',
  name: 'Name', email: 'Email', value: 'Annual value', account: 'Account',
  category: 'Category', comment: 'Comment', noComment: 'No comment.', submitted: 'Answered',
  reason: 'Why a follow-up',
  // Where else the case is worked: a connector's ticket or task
  elsewhere: 'Also worked in',
  elsewhereTools: { zendesk: (id) => 'Zendesk ticket #' + id, hubspot: (id) => 'HubSpot task ' + id },
  elsewhereHint: 'Check there before you call: status changes there come back here.',
  statuses: { open: 'Open', contacted: 'Contacted', resolved: 'Resolved', unresolved: 'Could not resolve', closed: 'Closed' },
  noSteps: 'No steps yet.',
  noReferrals: 'None recorded.',
  earlierAnswers: 'Earlier answers', earlierCases: 'Earlier cases', outcomes: 'Outcomes', referralsGiven: 'Referrals given',
  accountTitle: 'The account', accountNps: 'NPS of its respondents', respondents: 'Respondents', openCase: 'Open recovery case',
  otherContacts: 'Other contacts', none: 'None.', noAccount: 'No account on this answer.',
  ended: (status, reason) => 'ended ' + status + (reason ? ' (' + reason + ')' : ''),
  caseActions: 'What you can do',
  noActions: 'Nothing more can be recorded on this case.',
  saved: 'Saved.',
  by: ' by ', at: ' at ',
  // Action forms
  claim: 'Claim this case', claimHelp: 'It becomes yours: it shows under Mine.',
  assign: 'Assign or hand off', assignTo: 'To (an email, or team:<name>)', note: 'Note', assignGo: 'Assign',
  noDirectory: 'The list of people and teams is not available to you; type an email or team:<name>.',
  teamOption: (t) => 'Team ' + t, personOption: (p) => (p.name ? p.name + ' (' + p.email + ')' : p.email),
  attempt: 'Log an attempt', channel: 'Channel', reached: 'Reached them?', yes: 'Yes', no: 'No', attemptGo: 'Log attempt',
  channels: { phone: 'Phone', email: 'Email', chat: 'Chat', meeting: 'Meeting' },
  step: 'Record where it stands', stepType: 'Step', stepGo: 'Record',
  stepTypes: { contacted: 'Contacted', resolved: 'Resolved', unresolved: 'Could not resolve' },
  reasonCode: 'Reason', chooseReason: 'Choose a reason',
  reasons: { billing: 'Billing', product: 'Product', support: 'Support', delivery: 'Delivery', price: 'Price', other: 'Other' },
  outcome: 'Record an outcome', outcomeType: 'Outcome', outcomeValue: 'Value (optional)', outcomeGo: 'Record outcome',
  outcomeTypes: { renewed: 'Renewed', churned: 'Churned', concession: 'Concession' },
  referralForm: 'Record referrals (up to 3)', person: (i) => 'Person ' + i, contact: 'Email or phone',
  consent: 'Agreed to be contacted', referralGo: 'Record referrals', consentNeeded: 'Tick "agreed to be contacted" for each person.',
  leadStatus: { new: 'New lead', converted: 'Converted' }, noLead: 'Not a lead (erased)',
  leadElsewhere: 'lead of an earlier referral', convertedWorth: (v) => ' · worth ' + v,
  markConverted: 'Mark converted', conversionValue: 'Value', conversionGo: 'Mark converted',
  personalLink: "The promoter's referral page", personalLinkHelp: 'Send it to the promoter if the message did not reach them.',
  copy: 'Copy link', copied: 'Copied.', copyFailed: 'Select the link and copy it.',
  eventTypes: {
    contacted: 'Contacted', resolved: 'Resolved', unresolved: 'Could not resolve', closed: 'Closed', note: 'Note',
    attempted: 'Attempt', claimed: 'Claimed', assigned: 'Assigned', outcome: 'Outcome', referred: 'Referred',
  },
  reachedWord: (r) => (r ? 'reached' : 'not reached'),
  // The lead view
  sla: 'Contacted in time', people: 'People', teams: 'Teams', thisWeek: 'This week', lastWeek: 'Last week',
  share: (s) => (s.share == null ? 'nothing handled' : Math.round(s.share * 100) + '% (' + s.contactedInSla + ' of ' + s.handled + ')'),
  overdueList: 'Overdue', noOverdue: 'Nothing is overdue.', openByAge: 'Open cases by age', noSla: 'Nothing handled these two weeks.',
  ages: { under1d: 'Under a day', '1to3d': '1 to 3 days', '3to7d': '3 to 7 days', '7to14d': '7 to 14 days', '14dPlus': '14 days or more' },
  // Teams and roles (admins)
  nextSignIn: 'Changes take effect at the person\'s next sign-in.',
  changed: (p) => 'Saved: ' + (p.email || p.subject) + ' now has roles ' + (p.roles.join(', ') || 'none') + ' and teams '
    + (p.teams.join(', ') || 'none') + '. It takes effect at their next sign-in.',
  addMember: 'Add a person to a team', memberEmail: 'Email they sign in with', teamName: 'Team (new or existing)',
  teamHelp: 'Lower-case letters, digits and dashes, up to 40, e.g. billing.', addGo: 'Add to team',
  badTeam: 'must be lower-case letters, digits and dashes, at most 40, e.g. billing',
  badEmail: 'must be the email the person signs in with', checkFields: 'Nothing was changed:',
  noTeams: 'No teams yet.', noMembers: 'Nobody in this team.', remove: 'Remove', confirmRemoval: 'Confirm removal',
  removeLabel: (email, team) => 'Remove ' + email + ' from ' + team,
  roles: 'Roles', roleNames: { agent: 'Agent', lead: 'Lead', admin: 'Admin' }, role: 'Role',
  give: 'Give role', take: 'Take role', disabled: 'Cannot sign in (disabled)',
  rolesOf: (p) => 'Roles: ' + (p.roles.join(', ') || 'none') + ' · Teams: ' + (p.teams.join(', ') || 'none'),
  nobody: 'Nobody is in a desk group yet.',
};

const KEY = { tokens: 'desk.tokens', verifier: 'desk.verifier', state: 'desk.state', back: 'desk.back',
  returned: 'desk.returned', signedOut: 'desk.signedOut' };
const store = window.sessionStorage;
const root = document.getElementById('desk');
let config = null;
let me = null;
let main = null;
let lastPath = null;
let renders = 0;

// ---- building the page: text is always a text node

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value === null || value === undefined || value === false) continue;
    if (name === 'class') node.className = value;
    else if (name.startsWith('on')) node.addEventListener(name.slice(2), value);
    else node.setAttribute(name, value === true ? '' : String(value));
  }
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children.flat(Infinity)) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function notice(text, kind, role) {
  return el('p', { class: 'notice' + (kind ? ' ' + kind : ''), role: role || null }, text);
}

// ---- sign-in: the code flow with PKCE; tokens in sessionStorage, this tab only

function b64url(bytes) {
  let text = '';
  bytes.forEach((b) => { text += String.fromCharCode(b); });
  return btoa(text).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function random(n) {
  return b64url(crypto.getRandomValues(new Uint8Array(n)));
}

async function signIn() {
  if (store.getItem(KEY.returned)) {
    // Just back from signing in and refused again: say so rather than go round in circles.
    store.removeItem(KEY.returned);
    return signInPage(T.signInFailed, 'refused');
  }
  store.removeItem(KEY.tokens);
  const verifier = random(32);
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier));
  const state = random(16);
  store.setItem(KEY.verifier, verifier);
  store.setItem(KEY.state, state);
  store.setItem(KEY.back, location.hash || '#/');
  const url = new URL(config.authorizeUrl);
  url.search = new URLSearchParams({
    response_type: 'code', client_id: config.clientId, redirect_uri: config.redirectUri, scope: config.scopes.join(' '),
    state, code_challenge: b64url(new Uint8Array(digest)), code_challenge_method: 'S256',
  }).toString();
  location.assign(url.href);
  return new Promise(() => {});
}

function signInPage(text, kind) {
  root.replaceChildren(el('main', { id: 'main' },
    el('h1', { tabindex: '-1' }, T.app),
    text ? notice(text, kind, kind === 'refused' ? 'alert' : 'status') : null,
    el('button', { type: 'button', onclick: () => { store.removeItem(KEY.signedOut); signIn(); } }, T.signIn)));
  return new Promise(() => {});
}

/** Back from the sign-in pages with a code: check the state, exchange the code with its verifier. */
async function finishSignIn(params) {
  const state = store.getItem(KEY.state);
  const verifier = store.getItem(KEY.verifier);
  store.removeItem(KEY.state);
  store.removeItem(KEY.verifier);
  history.replaceState(null, '', location.pathname + (store.getItem(KEY.back) || '#/'));
  store.removeItem(KEY.back);
  if (params.get('error')) return signInPage(T.signInRefused + params.get('error'), 'refused');
  if (!state || !verifier || params.get('state') !== state) return signInPage(T.stateMismatch, 'refused');
  const tokens = await tokenCall({ grant_type: 'authorization_code', client_id: config.clientId, code: params.get('code'),
    redirect_uri: config.redirectUri, code_verifier: verifier });
  if (!tokens) return signInPage(T.signInFailed, 'refused');
  store.setItem(KEY.returned, '1');
  return true;
}

async function tokenCall(form) {
  try {
    const res = await fetch(config.tokenUrl, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(form).toString(), cache: 'no-store', credentials: 'omit' });
    if (!res.ok) return null;
    const body = await res.json();
    const old = JSON.parse(store.getItem(KEY.tokens) || '{}');
    const tokens = { access: body.access_token, refresh: body.refresh_token || old.refresh || null,
      expiresAt: Date.now() + ((body.expires_in || 3600) - 30) * 1000 };
    store.setItem(KEY.tokens, JSON.stringify(tokens));
    return tokens;
  } catch (e) {
    return null;
  }
}

/** An access token still good, refreshed if it can be; else off to sign in. */
async function accessToken() {
  let tokens = JSON.parse(store.getItem(KEY.tokens) || 'null');
  if (tokens && tokens.expiresAt <= Date.now()) {
    tokens = tokens.refresh
      ? await tokenCall({ grant_type: 'refresh_token', client_id: config.clientId, refresh_token: tokens.refresh })
      : null;
  }
  return tokens ? tokens.access : signIn();
}

function signOut() {
  Object.values(KEY).forEach((k) => store.removeItem(k));
  store.setItem(KEY.signedOut, '1');
  const url = new URL(config.logoutUrl);
  url.search = new URLSearchParams({ client_id: config.clientId, logout_uri: config.redirectUri }).toString();
  location.assign(url.href);
}

// ---- the desk's JSON routes

class Problem extends Error {
  constructor(status, body) {
    super((body && body.detail) || String(status));
    this.status = status;
    this.body = body || {};
  }
}

async function api(path, body, method) {
  const token = await accessToken();
  let res;
  try {
    res = await fetch(path, {
      method: method || (body === undefined ? 'GET' : 'POST'), cache: 'no-store', credentials: 'omit',
      headers: Object.assign({ authorization: 'Bearer ' + token }, body === undefined ? {} : { 'content-type': 'application/json' }),
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    throw new Problem(0, { detail: T.offline });
  }
  if (res.status === 401) return signIn();
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new Problem(res.status, data);
  store.removeItem(KEY.returned);
  return data;
}

function may(permission) {
  return Boolean(me && me.permissions.includes(permission));
}

// ---- frame and routes

function frame() {
  const skip = el('a', { class: 'skip', href: '#main', onclick: (e) => { e.preventDefault(); focusHeading(); } }, T.skip);
  const links = [];
  if (may('see-cases') || !may('manage-teams')) links.push(el('li', {}, el('a', { href: '#/' }, T.queue)));
  if (may('see-lead-view')) links.push(el('li', {}, el('a', { href: '#/lead' }, T.lead)));
  if (may('manage-teams')) links.push(el('li', {}, el('a', { href: '#/admin' }, T.admin)));
  main = el('main', { id: 'main' });
  root.replaceChildren(skip,
    el('header', { class: 'bar' },
      el('span', { class: 'brand' }, T.app),
      el('nav', { 'aria-label': T.app }, el('ul', {}, links)),
      el('span', { class: 'who' }, me.name || me.email || me.subject),
      el('button', { type: 'button', class: 'quiet', onclick: signOut }, T.signOut)),
    main);
}

function focusHeading() {
  const heading = main && main.querySelector('h1');
  if (heading) heading.focus();
}

async function route() {
  let hash = location.hash.length > 1 ? location.hash.slice(1) : '/';
  if (hash === '/' && !may('see-cases') && may('manage-teams')) {
    // An admin who works no cases has no queue: their start is the teams.
    history.replaceState(null, '', '#/admin');
    hash = '/admin';
  }
  const split = hash.indexOf('?');
  const path = split < 0 ? hash : hash.slice(0, split);
  const query = new URLSearchParams(split < 0 ? '' : hash.slice(split + 1));
  const moved = path !== lastPath;
  lastPath = path;
  const mine = ++renders;
  if (moved) main.replaceChildren(el('h1', { tabindex: '-1' }, T.loading));
  let view;
  try {
    if (path === '/') view = await queueView(query);
    else if (path.startsWith('/cases/')) view = await caseView(decodeURIComponent(path.slice('/cases/'.length)));
    else if (path === '/lead') view = may('see-lead-view') ? await leadView() : refusedView(T.lead, T.forbidden);
    else if (path === '/admin') view = may('manage-teams') ? await adminView(null) : refusedView(T.admin, T.forbidden);
    else view = refusedView(T.app, T.notFound);
  } catch (e) {
    view = problemView(e);
  }
  if (mine !== renders) return; // a later route won
  main.replaceChildren(view);
  if (moved) focusHeading();
}

function refusedView(title, text) {
  return el('section', {}, el('h1', { tabindex: '-1' }, title), notice(text, 'refused', 'alert'));
}

function problemView(e) {
  if (!(e instanceof Problem)) throw e;
  if (e.status === 403) return refusedView(T.app, T.forbidden);
  if (e.status === 404) return refusedView(T.app, T.noCase);
  return refusedView(T.app, e.status === 0 ? T.offline : T.failed + e.message);
}

// ---- words for values

function when(iso) {
  return iso ? new Date(iso).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

function span(ms) {
  const minutes = Math.max(1, Math.round(Math.abs(ms) / 60000));
  if (minutes < 60) return minutes + ' min';
  const hours = Math.round(minutes / 60);
  if (hours < 48) return hours + ' h';
  return Math.round(hours / 24) + ' days';
}

function due(item) {
  const ms = new Date(item.dueAt).getTime() - Date.now();
  if (item.overdue) {
    return el('span', {}, el('span', { class: 'overdue-word' }, T.overdue), ': ', T.wasDue(when(item.dueAt), span(ms)));
  }
  return el('span', {}, T.dueIn(when(item.dueAt), span(ms)));
}

function ownerWord(owner) {
  if (!owner || owner === 'unassigned') return T.unassigned;
  if (owner.startsWith('person:')) return owner.slice('person:'.length);
  if (owner.startsWith('team:')) return T.team + owner.slice('team:'.length);
  return owner;
}

function myOwner() {
  return 'person:' + String(me.email || me.subject).toLowerCase();
}

function label(map, key) {
  return (map && map[key]) || key;
}

// ---- the queue

const FILTERS = ['action', 'tier', 'owner', 'source'];

async function queueView(query) {
  const filters = new URLSearchParams();
  FILTERS.forEach((name) => { if (query.get(name)) filters.set(name, query.get(name)); });
  const data = await api('api/queue?' + filters.toString());
  const list = el('ul', { class: 'cases' });
  const status = el('p', { role: 'status', class: 'muted' });
  const section = el('section', {}, el('h1', { tabindex: '-1' }, T.queue), filterForm(filters, data.counts), status, list);
  let next = data.next;
  const more = el('button', { type: 'button', class: 'quiet' }, T.more);
  const shown = (cases) => {
    cases.forEach((item) => list.append(queueItem(item)));
    const count = list.children.length;
    status.textContent = count === 0 ? ([...filters.keys()].length ? T.empty : T.emptyAll) : T.shown(count);
    more.hidden = !next;
  };
  more.addEventListener('click', () => busy(more, async () => {
    const page = await api('api/queue?' + new URLSearchParams([...filters, ['cursor', next]]).toString());
    next = page.next;
    const first = list.children.length;
    shown(page.cases);
    const link = list.children[first] && list.children[first].querySelector('a');
    if (link) link.focus();
  }));
  section.append(more);
  shown(data.cases);
  return section;
}

function filterForm(filters, counts) {
  const values = {
    action: Object.keys(T.actions),
    tier: Object.keys(T.tiers),
    owner: ['mine', 'unassigned', ...me.teams.map((t) => 'team:' + t)],
    source: Object.keys(counts.source || {}),
  };
  const words = { action: T.actions, tier: T.tiers, owner: { mine: T.mine, unassigned: T.unassigned } };
  const form = el('form', { class: 'filters', 'aria-label': T.filters });
  for (const name of FILTERS) {
    const chosen = filters.get(name) || '';
    const options = values[name].includes(chosen) || !chosen ? values[name] : [...values[name], chosen];
    const select = el('select', { id: 'filter-' + name, name },
      el('option', { value: '' }, T.all),
      options.map((v) => el('option', { value: v, selected: v === chosen },
        (words[name] && words[name][v]) || ownerWord(v) + '', ' (' + ((counts[name] || {})[v] || 0) + ')')));
    form.append(el('div', {}, el('label', { for: 'filter-' + name }, T[name]), select));
  }
  form.append(el('div', {}, el('button', { type: 'submit' }, T.show)));
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const chosen = new URLSearchParams();
    FILTERS.forEach((name) => { if (form.elements[name].value) chosen.set(name, form.elements[name].value); });
    const hash = '#/' + (chosen.toString() ? '?' + chosen.toString() : '');
    if (location.hash === hash) route(); else location.hash = hash;
  });
  return form;
}

function queueItem(item) {
  return el('li', { class: item.overdue ? 'overdue' : null },
    el('a', { href: '#/cases/' + encodeURIComponent(item.id) }, item.name || T.noName, ' · ', T.score + item.score),
    el('p', {}, due(item)),
    el('p', { class: 'muted' }, [label(T.actions, item.action), label(T.tiers, item.tier), item.source,
      T.ownedBy + ownerWord(item.owner)].join(' · ')));
}

// ---- a case

async function caseView(id) {
  const [data] = await Promise.all([api('api/cases/' + encodeURIComponent(id)), may('change-cases') ? assignees() : null]);
  return caseSection(data, null);
}

// ---- whom a case may be given to: loaded once per page load, at the first case shown

let directory = null; // the loading, once
let picker = null; // what it found: { people, teams }, or null where the route refuses

/** Loads the people and teams from GET api/people, every page of it; a 403 or 503 leaves the free-text field. */
function assignees() {
  if (!directory) {
    directory = readPeople().then((found) => { picker = found; }, (e) => {
      picker = null;
      // Refused stays refused for this page load; offline or failed, the next case tries again.
      if (!(e instanceof Problem && (e.status === 403 || e.status === 503))) directory = null;
    });
  }
  return directory;
}

async function readPeople() {
  const found = { people: [], teams: [] };
  let from = 0;
  // A hundred a page; fifty pages are more people than any desk has.
  for (let page = 0; page < 50 && from !== null && from !== undefined; page++) {
    const data = await api('api/people' + (from ? '?from=' + encodeURIComponent(from) : ''));
    found.people.push(...data.people.filter((p) => p.email));
    data.teams.forEach((t) => { if (!found.teams.includes(t)) found.teams.push(t); });
    from = data.next;
  }
  return found;
}

function caseSection(data, saved) {
  const c = data.case;
  const who = data.who;
  const answer = data.answer;
  const section = el('section', {},
    el('h1', { tabindex: '-1' }, who.name || who.email || data.id),
    saved ? notice(saved, 'done', 'status') : null,
    el('p', {}, el('strong', {}, label(T.actions, c.action)), ' · ', label(T.statuses, c.status), ' · ',
      T.ownedBy + ownerWord(c.owner), c.team ? ' (' + T.team + c.team + ')' : ''),
    el('p', {}, due(c)),
    elsewherePart(data.elsewhere));
  const grid = el('div', { class: 'case-grid' },
    el('div', {},
      el('h2', {}, T.who),
      el('dl', {},
        el('dt', {}, T.name), el('dd', {}, who.name || T.noName),
        el('dt', {}, T.email), el('dd', {}, who.email ? el('a', { href: 'mailto:' + who.email }, who.email) : '–'),
        el('dt', {}, T.value), el('dd', {}, who.annualValue == null ? '–' : String(who.annualValue)),
        el('dt', {}, T.tier), el('dd', {}, label(T.tiers, who.tier)),
        el('dt', {}, T.account), el('dd', {}, who.accountId || '–'))),
    el('div', {},
      el('h2', {}, T.answer),
      el('dl', {},
        el('dt', {}, T.score.trim()), el('dd', {}, String(answer.score)),
        el('dt', {}, T.category), el('dd', {}, answer.category),
        el('dt', {}, T.submitted), el('dd', {}, when(answer.submittedAt) + ' · ' + answer.source),
        c.reason ? [el('dt', {}, T.reason), el('dd', {}, c.reason)] : null),
      answer.comment ? el('p', { class: 'comment' }, answer.comment) : el('p', { class: 'muted' }, T.noComment)));
  section.append(grid, actionsPart(data), stepsPart(c, data.id), contextPart(data.context));
  return section;
}

/** The Zendesk ticket or HubSpot task of the case, one line each: a link where the tool gave the record's page. */
function elsewherePart(records) {
  if (!records || !records.length) return null;
  const line = (r) => (T.elsewhereTools[r.tool] ? T.elsewhereTools[r.tool](r.id) : r.tool + ' ' + r.id);
  // Only a web address becomes a link; it opens apart from the desk and learns nothing of it.
  const web = (url) => typeof url === 'string' && /^https?:\/\//.test(url);
  return el('div', { class: 'elsewhere', 'data-elsewhere': '' },
    el('strong', {}, T.elsewhere),
    el('ul', { class: 'plain' }, records.map((r) => el('li', { 'data-tool': r.tool },
      web(r.url) ? el('a', { href: r.url, target: '_blank', rel: 'noopener noreferrer' }, line(r)) : line(r)))),
    el('p', { class: 'muted' }, T.elsewhereHint));
}

function stepsPart(c, caseId) {
  const steps = c.events.map((e) => el('li', {},
    el('strong', {}, label(T.eventTypes, e.type)), T.by, e.by, T.at, when(e.at),
    e.channel ? ' · ' + label(T.channels, e.channel) : '', e.reached == null ? '' : ' · ' + T.reachedWord(e.reached),
    e.reasonCode ? ' · ' + label(T.reasons, e.reasonCode) : '', e.owner ? ' · → ' + ownerWord(e.owner) : '',
    e.note ? el('p', { class: 'comment' }, e.note) : null));
  return el('div', {},
    el('h2', {}, T.steps),
    steps.length ? el('ol', { class: 'steps' }, steps) : el('p', { class: 'muted' }, T.noSteps),
    el('h3', {}, T.referrals),
    c.referrals.length
      ? el('ul', { class: 'plain referrals' }, c.referrals.map((r) => el('li', {}, r.name, ' · ', r.contact, leadLine(caseId, r))))
      : el('p', { class: 'muted' }, T.noReferrals),
    c.personalLink ? personalLinkPart(c.personalLink) : null);
}

/** A referred person's lead: its status, whose ask it counts for, and what it was worth once converted. */
function leadLine(caseId, r) {
  if (!r.lead) return el('p', { class: 'muted' }, T.noLead);
  const lead = r.lead;
  return el('p', { class: 'lead', 'data-lead': r.leadId },
    el('strong', {}, label(T.leadStatus, lead.status)),
    lead.caseId && caseId !== lead.caseId ? ' · ' + T.leadElsewhere : '',
    lead.convertedValue == null ? '' : T.convertedWorth(lead.convertedValue));
}

/** The promoter's personal page, to pass on by hand: shown as text, copied with one tap. */
function personalLinkPart(link) {
  const status = el('p', { role: 'status', class: 'muted' });
  const text = el('input', { type: 'text', readonly: true, value: link, 'aria-label': T.personalLink, class: 'link' });
  const copy = el('button', { type: 'button', class: 'go' }, T.copy);
  copy.addEventListener('click', async () => {
    status.replaceChildren();
    try {
      await navigator.clipboard.writeText(link);
      status.append(T.copied);
    } catch (e) {
      text.select();
      status.append(T.copyFailed);
    }
  });
  return el('div', { class: 'personal-link' }, el('h3', {}, T.personalLink), el('p', { class: 'muted' }, T.personalLinkHelp),
    text, copy, status);
}

function contextPart(context) {
  const list = (items, render) => (items && items.length
    ? el('ul', { class: 'plain' }, items.map((i) => el('li', {}, render(i)))) : el('p', { class: 'muted' }, T.none));
  const account = context.account;
  return el('div', {},
    el('h2', {}, T.context),
    el('h3', {}, T.earlierAnswers),
    list(context.earlierAnswers, (a) => [T.score + a.score + ' · ' + a.category + ' · ' + when(a.submittedAt),
      a.comment ? el('p', { class: 'comment' }, a.comment) : null]),
    el('h3', {}, T.earlierCases),
    list(context.earlierCases, (e) => [el('a', { href: '#/cases/' + encodeURIComponent(e.id) }, label(T.actions, e.action)),
      ' · ', T.ended(label(T.statuses, e.status).toLowerCase(), e.reasonCode && label(T.reasons, e.reasonCode)), e.lastStepAt ? ' · ' + when(e.lastStepAt) : '']),
    el('h3', {}, T.outcomes),
    list(context.outcomes, (o) => [o.type, o.value == null ? '' : ' · ' + o.value, ' · ', when(o.occurredAt)]),
    el('p', {}, T.referralsGiven + ': ' + (context.referralsGiven || 0)),
    el('h3', {}, T.accountTitle),
    account
      ? el('div', {},
        el('dl', {},
          el('dt', {}, T.account), el('dd', {}, account.accountId),
          el('dt', {}, T.accountNps), el('dd', {}, account.nps == null ? '–' : String(account.nps)),
          el('dt', {}, T.respondents), el('dd', {}, String(account.respondents)),
          el('dt', {}, T.openCase), el('dd', {}, account.openCase
            ? el('a', { href: '#/cases/' + encodeURIComponent(account.openCase) }, account.openCase) : '–')),
        el('h3', {}, T.otherContacts),
        list(account.contacts, (p) => [p.name || T.noName, p.email ? ' · ' + p.email : '', ' · ' + T.score + p.score,
          ' · ' + when(p.submittedAt)]))
      : el('p', { class: 'muted' }, T.noAccount));
}

// ---- actions on a case: only those the person may take and the case's status allows

function actionsPart(data) {
  const c = data.case;
  const forms = [];
  const open = c.status === 'open' || c.status === 'contacted';
  if (may('change-cases')) {
    const mineNow = c.owner === myOwner();
    const someoneElse = c.owner && c.owner.startsWith('person:') && !mineNow;
    if (open && !mineNow && (!someoneElse || may('reassign'))) forms.push(claimForm(data));
    if (open && (mineNow || may('reassign'))) forms.push(assignForm(data));
    if (open) forms.push(attemptForm(data));
    if (open) forms.push(stepForm(data));
    if (c.status !== 'closed') forms.push(outcomeForm(data));
    if (c.status !== 'closed' && (data.answer.category === 'promoter' || c.action === 'referral')) forms.push(referralForm(data));
    // Each lead not yet converted can be marked, whatever the case's status: a sale comes after the case closes.
    c.referrals.filter((r) => r.lead && r.lead.status !== 'converted').forEach((r) => forms.push(conversionForm(data, r)));
  }
  return el('div', {}, el('h2', {}, T.caseActions),
    forms.length ? forms : el('p', { class: 'muted' }, may('change-cases') ? T.noActions : T.forbidden));
}

let fields = 0;

function field(text, control) {
  const id = 'f' + (++fields);
  control.id = id;
  return el('div', {}, el('label', { for: id }, text), control);
}

function select(name, words, chosen, placeholder) {
  return el('select', { name, 'data-field': name, required: placeholder ? true : null },
    placeholder ? el('option', { value: '' }, placeholder) : null,
    Object.entries(words).map(([v, w]) => el('option', { value: v, selected: v === chosen }, w)));
}

function note() {
  return field(T.note, el('textarea', { name: 'note', 'data-field': 'note', maxlength: '2000', rows: '3' }));
}

/** A form that posts to a DeskApi route and shows the case again from the answer, or the problem beside it. */
function actionForm(data, title, help, button, path, body, children) {
  const alert = el('div', { role: 'alert' });
  const go = el('button', { type: 'submit', class: 'go' }, button);
  const form = el('form', { class: 'step', 'aria-label': title }, el('h3', {}, title), help ? el('p', { class: 'muted' }, help) : null,
    children, alert, go);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (go.disabled) return;
    alert.replaceChildren();
    let payload;
    try {
      payload = body(form);
    } catch (problem) {
      alert.append(el('div', { class: 'problem' }, problem.message));
      return;
    }
    busy(go, async () => {
      try {
        const answer = await api(path.startsWith('api/') ? path : 'api/cases/' + encodeURIComponent(data.id) + '/' + path, payload);
        // A lead's route answers with the lead: the case and its context are read again to show it.
        if (answer.lead) Object.assign(data, await api('api/cases/' + encodeURIComponent(data.id)));
        else data.case = answer.case || answer;
        main.replaceChildren(caseSection(data, T.saved));
        focusHeading();
      } catch (problem) {
        if (!(problem instanceof Problem)) throw problem;
        alert.append(problemBox(form, problem));
      }
    });
  });
  return form;
}

function problemBox(form, problem) {
  const text = problem.status === 403 ? T.forbidden : problem.message;
  const errors = (problem.body.errors || []).map((err) => {
    const control = form.querySelector('[data-field="' + CSS.escape(err.field) + '"]');
    const named = control && control.id ? form.querySelector('label[for="' + control.id + '"]') : null;
    if (control) control.setAttribute('aria-invalid', 'true');
    return el('li', {}, (named ? named.textContent : err.field) + ': ' + err.message);
  });
  return el('div', { class: 'problem' }, text, errors.length ? el('ul', {}, errors) : null);
}

async function busy(button, work) {
  button.disabled = true;
  try {
    await work();
  } finally {
    button.disabled = false;
  }
}

function claimForm(data) {
  return actionForm(data, T.claim, T.claimHelp, T.claim, 'claim', () => ({}), []);
}

function assignForm(data) {
  // A text field with the people and teams as suggestions: typed or chosen, on a phone or with the keyboard.
  const options = picker
    ? [...picker.teams.map((t) => el('option', { value: 'team:' + t, label: T.teamOption(t) })),
      ...picker.people.map((p) => el('option', { value: p.email, label: T.personOption(p) }))]
    : me.teams.map((t) => el('option', { value: 'team:' + t }));
  const listId = 'assignees-' + (++fields);
  return actionForm(data, T.assign, null, T.assignGo, 'assign', (f) => ({ to: f.elements.to.value.trim(), note: f.elements.note.value || undefined }), [
    field(T.assignTo, el('input', { name: 'to', 'data-field': 'to', type: 'text', required: true, autocomplete: 'off',
      autocapitalize: 'none', spellcheck: 'false', list: options.length ? listId : null })),
    options.length ? el('datalist', { id: listId }, options) : null,
    picker ? null : el('p', { class: 'muted' }, T.noDirectory),
    note()]);
}

function attemptForm(data) {
  const radio = (value, text) => el('label', { class: 'check' },
    el('input', { type: 'radio', name: 'reached', value, required: true, 'data-field': value === 'yes' ? 'reached' : null }), text);
  return actionForm(data, T.attempt, null, T.attemptGo, 'attempts', (f) => ({
    channel: f.elements.channel.value, reached: f.elements.reached.value === 'yes', note: f.elements.note.value || undefined,
  }), [
    field(T.channel, select('channel', T.channels, 'phone')),
    el('fieldset', {}, el('legend', {}, T.reached), el('div', { class: 'choices' }, radio('yes', T.yes), radio('no', T.no))),
    note()]);
}

function stepForm(data) {
  const status = data.case.status;
  const types = status === 'open' ? { contacted: T.stepTypes.contacted, unresolved: T.stepTypes.unresolved }
    : { resolved: T.stepTypes.resolved, unresolved: T.stepTypes.unresolved };
  const reason = select('reasonCode', T.reasons, null, T.chooseReason);
  const type = select('type', types, Object.keys(types)[0]);
  // A reason is needed to resolve or give up, not to say they were contacted.
  const needReason = () => { reason.required = type.value !== 'contacted'; };
  type.addEventListener('change', needReason);
  needReason();
  return actionForm(data, T.step, null, T.stepGo, 'events', (f) => ({
    type: f.elements.type.value, reasonCode: f.elements.reasonCode.value || undefined, note: f.elements.note.value || undefined,
  }), [field(T.stepType, type), field(T.reasonCode, reason), note()]);
}

function outcomeForm(data) {
  return actionForm(data, T.outcome, null, T.outcomeGo, 'outcomes', (f) => {
    const body = { type: f.elements.type.value };
    if (f.elements.value.value !== '') body.value = Number(f.elements.value.value);
    return body;
  }, [
    field(T.outcomeType, select('type', T.outcomeTypes, 'renewed')),
    field(T.outcomeValue, el('input', { name: 'value', 'data-field': 'value', type: 'number', min: '0', step: '0.01', inputmode: 'decimal' }))]);
}

function referralForm(data) {
  const rows = [0, 1, 2].map((i) => {
    const name = el('input', { name: 'name' + i, 'data-field': 'people[' + i + '].name', type: 'text', maxlength: '200', autocomplete: 'off' });
    const contact = el('input', { name: 'contact' + i, 'data-field': 'people[' + i + '].contact', type: 'text', maxlength: '254',
      autocomplete: 'off' });
    const consent = el('input', { type: 'checkbox', name: 'consent' + i, 'data-field': 'people[' + i + '].consent' });
    const consentId = 'f' + (++fields);
    consent.id = consentId;
    // The first person is required; another only once something is typed for them.
    const required = () => {
      const filled = i === 0 || name.value.trim() !== '' || contact.value.trim() !== '';
      name.required = filled;
      contact.required = filled;
      consent.required = filled;
    };
    name.addEventListener('input', required);
    contact.addEventListener('input', required);
    required();
    return el('fieldset', {}, el('legend', {}, T.person(i + 1)), field(T.name, name), field(T.contact, contact),
      el('label', { class: 'check', for: consentId }, consent, T.consent));
  });
  return actionForm(data, T.referralForm, null, T.referralGo, 'referrals', (f) => {
    const people = [];
    [0, 1, 2].forEach((i) => {
      const name = f.elements['name' + i].value.trim();
      const contact = f.elements['contact' + i].value.trim();
      if (name || contact) people.push({ name, contact, consent: f.elements['consent' + i].checked });
    });
    if (people.some((p) => !p.consent)) throw new Error(T.consentNeeded);
    return { people };
  }, rows);
}

function conversionForm(data, r) {
  return actionForm(data, T.markConverted + ': ' + r.name, null, T.conversionGo, 'api/leads/' + encodeURIComponent(r.leadId) + '/conversion',
    (f) => ({ value: Number(f.elements.value.value) }), [
      field(T.conversionValue, el('input', { name: 'value', 'data-field': 'value', type: 'number', min: '0', step: '0.01',
        inputmode: 'decimal', required: true }))]);
}

// ---- the lead view

async function leadView() {
  const data = await api('api/lead');
  const table = (rows) => {
    const names = Object.keys(rows);
    if (!names.length) return el('p', { class: 'muted' }, T.noSla);
    return el('table', {},
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, T.name), el('th', { scope: 'col' }, T.thisWeek),
        el('th', { scope: 'col' }, T.lastWeek))),
      el('tbody', {}, names.map((n) => el('tr', {}, el('th', { scope: 'row' }, n), el('td', {}, T.share(rows[n].thisWeek)),
        el('td', {}, T.share(rows[n].lastWeek))))));
  };
  return el('section', {},
    el('h1', { tabindex: '-1' }, T.lead),
    el('h2', {}, T.sla),
    el('h3', {}, T.people), table(data.people),
    el('h3', {}, T.teams), table(data.teams),
    el('h2', {}, T.overdueList),
    data.overdue.length ? el('ul', { class: 'cases' }, data.overdue.map(queueItem)) : el('p', { class: 'muted' }, T.noOverdue),
    el('h2', {}, T.openByAge),
    el('dl', {}, Object.entries(data.openByAge).map(([k, n]) => [el('dt', {}, label(T.ages, k)), el('dd', {}, String(n))])));
}

// ---- teams and roles (admins): each change answered by the server, then the list read again

const TEAM_NAME = /^[a-z0-9][a-z0-9-]{0,39}$/; // as the server's DeskUser.isTeamName
const EMAIL = /^[^\s@]{1,64}@[^\s@]{1,190}$/; // as the server's DeskTeams

async function adminView(saved) {
  const data = await api('api/teams');
  const section = el('section', { class: 'admin' },
    el('h1', { tabindex: '-1' }, T.admin),
    saved ? notice(saved, 'done', 'status') : el('p', { class: 'muted' }, T.nextSignIn),
    memberForm(data.teams.map((t) => t.name)),
    el('h2', {}, T.teams),
    data.teams.length ? data.teams.map(teamPart) : el('p', { class: 'muted' }, T.noTeams),
    el('h2', {}, T.people),
    data.people.length ? el('ul', { class: 'people' }, data.people.map(personPart)) : el('p', { class: 'muted' }, T.nobody));
  return section;
}

/** Sends one change; on success the view is drawn again with what the server now holds, else the problem beside it. */
async function change(method, path, alert, form) {
  alert.replaceChildren();
  try {
    const person = await api(path, undefined, method);
    const view = await adminView(T.changed(person));
    main.replaceChildren(view);
    focusHeading();
  } catch (problem) {
    if (!(problem instanceof Problem)) throw problem;
    alert.append(problemBox(form || alert, problem));
  }
}

function memberPath(team, email) {
  return 'api/teams/' + encodeURIComponent(team) + '/members/' + encodeURIComponent(email);
}

function memberForm(teams) {
  const alert = el('div', { role: 'alert' });
  const go = el('button', { type: 'submit', class: 'go' }, T.addGo);
  const email = el('input', { name: 'email', 'data-field': 'email', type: 'email', required: true, autocomplete: 'off',
    autocapitalize: 'none', spellcheck: 'false', maxlength: '254' });
  const team = el('input', { name: 'team', 'data-field': 'team', type: 'text', required: true, autocomplete: 'off',
    autocapitalize: 'none', spellcheck: 'false', maxlength: '40', list: teams.length ? 'team-names' : null,
    'aria-describedby': 'team-help' });
  const form = el('form', { class: 'step', 'aria-label': T.addMember }, el('h2', {}, T.addMember),
    field(T.memberEmail, email), field(T.teamName, team), el('p', { id: 'team-help', class: 'muted' }, T.teamHelp),
    teams.length ? el('datalist', { id: 'team-names' }, teams.map((t) => el('option', { value: t }))) : null,
    alert, go);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    if (go.disabled) return;
    const errors = [];
    [email, team].forEach((c) => c.removeAttribute('aria-invalid'));
    if (!EMAIL.test(email.value.trim())) errors.push({ field: 'email', message: T.badEmail });
    if (!TEAM_NAME.test(team.value.trim())) errors.push({ field: 'team', message: T.badTeam });
    if (errors.length) {
      alert.replaceChildren(problemBox(form, new Problem(400, { detail: T.checkFields, errors })));
      return;
    }
    busy(go, () => change('PUT', memberPath(team.value.trim(), email.value.trim()), alert, form));
  });
  return form;
}

function teamPart(team) {
  const alert = el('div', { role: 'alert' });
  const members = team.members.map((p) => {
    const label = p.email || p.subject;
    const remove = el('button', { type: 'button', class: 'quiet', 'aria-label': T.removeLabel(label, team.name) }, T.remove);
    // A second press on the same button removes: no dialog, and nothing happens by a slip.
    remove.addEventListener('click', () => {
      if (remove.disabled) return;
      if (!remove.classList.contains('armed')) {
        remove.classList.add('armed');
        remove.textContent = T.confirmRemoval;
        remove.removeAttribute('aria-label');
        return;
      }
      busy(remove, () => change('DELETE', memberPath(team.name, p.email), alert, null));
    });
    return el('li', {}, el('span', {}, p.name ? p.name + ' · ' + label : label), remove);
  });
  return el('div', { class: 'team' },
    el('h3', {}, T.team + team.name),
    members.length ? el('ul', { class: 'members' }, members) : el('p', { class: 'muted' }, T.noMembers),
    alert);
}

function personPart(person) {
  const alert = el('div', { role: 'alert' });
  const role = select('role', T.roleNames, null);
  const give = el('button', { type: 'submit', value: 'give' }, T.give);
  const take = el('button', { type: 'submit', value: 'take', class: 'quiet' }, T.take);
  const label = person.email || person.subject;
  const form = el('form', { class: 'roles', 'aria-label': T.roles + ': ' + label },
    field(T.role, role), el('div', { class: 'pair' }, give, take), alert);
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    const button = e.submitter || give;
    if (give.disabled || take.disabled) return;
    const path = 'api/people/' + encodeURIComponent(person.email) + '/roles/' + encodeURIComponent(role.value);
    give.disabled = true;
    take.disabled = true;
    change(button === take ? 'DELETE' : 'PUT', path, alert, form).finally(() => {
      give.disabled = false;
      take.disabled = false;
    });
  });
  return el('li', {},
    el('strong', {}, person.name || label), person.name ? el('span', {}, ' · ' + label) : null,
    el('p', { class: 'muted' }, T.rolesOf(person), person.enabled === false ? ' · ' + T.disabled : ''),
    person.email ? form : null);
}

// ---- start

async function start() {
  let res;
  try {
    res = await fetch('config.json', { cache: 'no-store', credentials: 'omit' });
  } catch (e) {
    return signInPage(T.offline, 'refused');
  }
  if (res.status === 503) {
    root.replaceChildren(el('main', { id: 'main' }, el('h1', { tabindex: '-1' }, T.app),
      notice(T.notConfigured, 'refused', 'alert'), el('p', {}, T.notConfiguredHelp)));
    return;
  }
  config = await res.json();
  const params = new URLSearchParams(location.search);
  if (params.has('code') || params.has('error')) {
    await finishSignIn(params);
  } else if (store.getItem(KEY.signedOut) && !store.getItem(KEY.tokens)) {
    return signInPage(T.signedOut, null);
  }
  try {
    me = await api('api/me');
  } catch (e) {
    if (e instanceof Problem && e.status === 403) {
      root.replaceChildren(el('main', { id: 'main' }, el('h1', { tabindex: '-1' }, T.app), notice(T.forbidden, 'refused', 'alert'),
        el('button', { type: 'button', onclick: signOut }, T.signOut)));
      return;
    }
    return signInPage(e.message, 'refused');
  }
  frame();
  window.addEventListener('hashchange', route);
  route();
}

start();
