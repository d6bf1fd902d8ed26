/**
 * The browser POS page: opens the smart POS (pos/smart-pos) on a WebSocket to the bridge, builds
 * the menu, keypad and card tray from their tables, and draws the device's view after every
 * change. Everything the person does goes to the device (`press`, `present`, `scan`) or the
 * application (`run`, `showMenu`); nothing here knows the engine's insides.
 */
import { isCardwireError } from '../../core/index';
import { ADMIN_MENU, MAIN_MENU, type SmartPosApp } from '../smart-pos/app';
import { SAMPLE_PAYMENT_CODE, TRAY_CARDS, type TrayCard } from '../smart-pos/cards';
import { MessageSocketChannel, type LinkState } from '../smart-pos/channel';
import { WIRE_LINES, isPosKey, type PosKey, type SmartPosDevice } from '../smart-pos/device';
import { openSmartPos } from '../smart-pos/open';
import { browserSocket } from './browser-socket';

function byTestId<T extends HTMLElement = HTMLElement>(id: string): T {
  const el = document.querySelector<T>(`[data-testid="${id}"]`);
  if (!el) throw new Error(`the page has no ${id}`);
  return el;
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, props: { readonly text?: string; readonly className?: string; readonly testId?: string } = {}): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  if (props.text !== undefined) el.textContent = props.text;
  if (props.className !== undefined) el.className = props.className;
  if (props.testId !== undefined) el.dataset['testid'] = props.testId;
  return el;
}

const KEYS: readonly { readonly key: PosKey; readonly text: string; readonly className?: string }[] = [
  { key: '1', text: '1' }, { key: '2', text: '2' }, { key: '3', text: '3' }, { key: 'cancel', text: '取消 CANCEL', className: 'cancel' },
  { key: '4', text: '4' }, { key: '5', text: '5' }, { key: '6', text: '6' }, { key: 'clear', text: '清除 CLEAR', className: 'clear' },
  { key: '7', text: '7' }, { key: '8', text: '8' }, { key: '9', text: '9' }, { key: 'ok', text: '确认 OK', className: 'ok' },
  { key: '0', text: '0' },
];

/** The physical keyboard mirrors the keypad (outside the code field). */
const KEYBOARD: Readonly<Record<string, PosKey>> = { Enter: 'ok', Escape: 'cancel', Backspace: 'clear' };

function buildKeypad(device: SmartPosDevice): void {
  const pad = byTestId('keypad');
  for (const k of KEYS) {
    const b = element('button', { text: k.text, testId: `key-${k.key}`, ...(k.className ? { className: k.className } : {}) });
    b.type = 'button';
    b.addEventListener('click', () => device.press(k.key));
    pad.append(b);
  }
  document.addEventListener('keydown', (e) => {
    if (e.target instanceof HTMLInputElement) return;
    const key = KEYBOARD[e.key] ?? e.key;
    if (!isPosKey(key)) return;
    e.preventDefault();
    device.press(key);
  });
}

function buildMenus(app: SmartPosApp): HTMLButtonElement[] {
  const buttons: HTMLButtonElement[] = [];
  const admin = byTestId('admin-menu');
  const add = (nav: HTMLElement, testId: string, text: string, onClick: () => void): void => {
    const b = element('button', { text, testId });
    b.type = 'button';
    b.addEventListener('click', onClick);
    nav.append(b);
    buttons.push(b);
  };
  for (const { item, text } of MAIN_MENU) {
    if (item === 'admin') {
      add(byTestId('menu'), `menu-${item}`, text, () => {
        admin.hidden = !admin.hidden;
        app.showMenu(admin.hidden ? 'main' : 'admin');
      });
      continue;
    }
    add(byTestId('menu'), `menu-${item}`, text, () => void app.run(item));
  }
  for (const line of ADMIN_MENU) {
    add(admin, `admin-${line.item}`, line.text, () => {
      admin.hidden = true;
      void app.run(line.item);
    });
  }
  return buttons;
}

function buildTray(device: SmartPosDevice): () => TrayCard {
  const list = byTestId('cards');
  TRAY_CARDS.forEach((c, i) => {
    const label = element('label');
    const radio = element('input', { testId: `card-${c.id}` });
    radio.type = 'radio';
    radio.name = 'card';
    radio.value = c.id;
    radio.checked = i === 0;
    label.append(radio, element('span', { text: c.label }), element('small', { text: c.note }));
    list.append(label);
  });
  const selected = (): TrayCard => {
    const id = list.querySelector<HTMLInputElement>('input[name="card"]:checked')?.value;
    return TRAY_CARDS.find((c) => c.id === id) ?? TRAY_CARDS[0]!;
  };
  for (const method of ['swipe', 'insert', 'tap'] as const) byTestId(`tray-${method}`).addEventListener('click', () => device.present(selected(), method));
  const code = byTestId<HTMLInputElement>('qr-code');
  code.placeholder = SAMPLE_PAYMENT_CODE;
  const scan = (): void => {
    if (device.scan(code.value || SAMPLE_PAYMENT_CODE)) code.value = '';
  };
  byTestId('qr-scan').addEventListener('click', scan);
  code.addEventListener('keydown', (e) => {
    if (e.key === 'Enter') scan();
  });
  return selected;
}

/** Draw the view: the screen, the waits, the receipts and wire lines added since the last time. */
function renderer(app: SmartPosApp, menuButtons: readonly HTMLButtonElement[]): () => void {
  const device = app.device;
  const screen = byTestId('screen');
  const title = byTestId('screen-title');
  const lines = byTestId('screen-lines');
  const prompt = byTestId('screen-prompt');
  const entry = byTestId('screen-entry');
  const info = byTestId('screen-info');
  const receipts = byTestId('receipts');
  const wire = byTestId('wire');
  let wireDrawn = 0;
  const setLines = (el: HTMLElement, texts: readonly string[]): void => el.replaceChildren(...texts.map((t) => element('div', { text: t })));
  return () => {
    const v = device.view;
    const shown = v.result ?? v.screen;
    screen.dataset['outcome'] = v.result?.outcome ?? '';
    title.textContent = shown.title;
    setLines(lines, shown.lines);
    const waitPrompt = v.cardWait?.prompt ?? v.scanWait?.prompt;
    prompt.textContent = v.entry?.prompt ?? waitPrompt ?? '';
    entry.textContent = v.entry?.text ?? '';
    setLines(info, v.entry?.info ?? []);
    byTestId('tray').classList.toggle('waiting', v.cardWait !== undefined);
    byTestId('qr-code').parentElement?.classList.toggle('waiting', v.scanWait !== undefined);
    byTestId('tray-note').textContent = v.trayNote;
    // The newest slip first: the one just printed is the one to read.
    for (let i = receipts.children.length; i < v.receipts.length; i++) receipts.prepend(element('pre', { className: 'receipt', testId: 'receipt', text: v.receipts[i]!.join('\n') }));
    const fresh = Math.min(v.wireTotal - wireDrawn, v.wire.length);
    if (fresh > 0) {
      wire.append(...v.wire.slice(v.wire.length - fresh).map((t) => element('div', { className: 'wire-line', text: t })));
      while (wire.children.length > WIRE_LINES) wire.firstElementChild?.remove();
      wire.scrollTop = wire.scrollHeight;
    }
    wireDrawn = v.wireTotal;
    const s = app.status;
    byTestId('terminal-id').textContent = `TID ${s.tid} · MID ${s.mid} · 批次 BATCH ${s.batch}`;
    byTestId('operator').textContent = s.operator === undefined ? '未登录 NO OPERATOR' : `操作员 ${s.operator}${s.signedOn ? ' · 已签到 SIGNED ON' : ''}`;
    for (const b of menuButtons) b.disabled = s.busy;
  };
}

function showLink(state: LinkState): void {
  const el = byTestId('link-state');
  el.textContent = state;
  el.dataset['state'] = state;
}

async function start(): Promise<void> {
  const url = `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`;
  const channel = new MessageSocketChannel(browserSocket(url), { onState: showLink });
  const { app, device } = await openSmartPos({ channel });
  buildKeypad(device);
  const menuButtons = buildMenus(app);
  buildTray(device);
  const render = renderer(app, menuButtons);
  device.subscribe(render);
  app.subscribe(render);
  render();
  document.body.dataset['ready'] = 'true';
}

start().catch((e: unknown) => {
  byTestId('screen-title').textContent = '启动失败 START FAILED';
  byTestId('screen-lines').textContent = isCardwireError(e) ? e.code : 'see the console';
  throw e;
});
