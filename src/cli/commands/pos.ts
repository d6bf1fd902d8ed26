/**
 * `cardwire pos`: the interactive text-mode POS (a UnionPay terminal's menus on a 40 × 16 screen,
 * keys from the keyboard, virtual cards swiped, inserted or tapped, PIN entry masked, receipts
 * shown and saved), and `cardwire pos --script FILE`, the same actions without a screen, one JSON
 * result per action, for CI of terminal integrations (docs/pos.md).
 */
import { isCardwireError } from '../../core/index';
import { parseScript, runScript, ScriptDevices, type ScriptAction } from '../../pos/script/index';
import { defaultJournalPath, openPosSession, posSecurityModule, receiptSaver, TEST_TMK, type PosSession } from '../../pos/node/session';
import { runTextPos } from '../../pos/node/tty';
import { runWebPos } from '../../pos/node/web-pos';
import { PosApp } from '../../pos/tui/app';
import { defineCommand, hostPortArgument, readFileArgument, usageError, type CliIo, type CommandGroup } from '../command';

const USAGE = `Usage: cardwire pos [--connect HOST:PORT] [--lang zh|en] [--journal FILE] [--tid TID] [--mid MID]
                    [--merchant NAME] [--tmk HEX] [--receipts DIR] [--script FILE|-]
       cardwire pos --web [--connect HOST:PORT] [--port PORT] [--bind ADDR] [--web-root DIR]

A POS terminal in the text console (works in tmux; keys only, no mouse): 1 消费 SALE, 2 撤销 VOID,
3 退货 REFUND, 4 预授权 PRE-AUTH, 5 余额查询 BALANCE, 6 预授权完成, 7 预授权撤销, 8 管理 ADMIN
(签到 sign-on, 结算 settlement, 重打印 reprint, 交易明细 transaction list, operator log-on,
supervisor password). Digits, Enter (确认), Esc (取消), Backspace (清除), arrows; Ctrl-C leaves.
Cards come from the virtual wallet: magnetic test cards and the EMV virtual cards.

  --connect HOST:PORT  the UnionPay host (default 127.0.0.1:5000, where \`cardwire host\` listens)
  --lang zh|en         screen, prompts and receipts in Chinese (default) or English
  --journal FILE       the terminal's journal (default ~/.cardwire/pos/<tid>.cwj): a restart
                       continues the batch
  --tid TID            terminal id, 8 characters (default 10000159), for a new journal
  --mid MID            merchant id, 15 characters (default 880210010210160), for a new journal
  --merchant NAME      merchant name on the receipts, for a new journal
  --tmk HEX            terminal master key (default the public TEST key
                       0123456789ABCDEFFEDCBA9876543210: test hosts only)
  --receipts DIR       save every printed receipt as a text file in DIR
  --script FILE|-      run the actions of FILE (or standard input) without a screen and print
                       one JSON result per action (docs/pos.md); exit 1 when an "expect" fails
  --web                the browser smart POS instead: serve its page and a WebSocket-to-TCP bridge
                       to --connect, and print the page's URL (open it in a browser)
  --port PORT          with --web: the page's HTTP port (default 8080; 0 picks a free one)
  --bind ADDR          with --web: the address to listen on (default 127.0.0.1; anything else
                       lets that network drive a terminal with test keys: on purpose only)
  --web-root DIR       with --web: the page bundle's folder (default dist/pos-web beside the CLI)
`;

const OPTIONS = {
  connect: { type: 'string' },
  lang: { type: 'string', choices: ['zh', 'en'] },
  journal: { type: 'string' },
  tid: { type: 'string' },
  mid: { type: 'string' },
  merchant: { type: 'string' },
  tmk: { type: 'string' },
  receipts: { type: 'string' },
  script: { type: 'string' },
  web: { type: 'boolean' },
  port: { type: 'string' },
  bind: { type: 'string' },
  'web-root': { type: 'string' },
} as const;

async function scriptActions(file: string, io: CliIo): Promise<ScriptAction[]> {
  const text = file === '-' ? await io.readStdin() : readFileArgument(file);
  try {
    return parseScript(text);
  } catch (e) {
    // A mistake in the script is a mistake in what the user gave: a usage error naming the line.
    if (isCardwireError(e) && e.code === 'POS_SCRIPT_INVALID') usageError(`${file === '-' ? 'standard input' : file}: ${e.message.replace(/^POS_SCRIPT_INVALID at [^:]*: /, '')}`);
    throw e;
  }
}

/** `cardwire pos`. */
export const posCommand: CommandGroup = {
  name: 'pos',
  summary: 'interactive text-mode POS terminal (or --script: its actions without a screen, JSON out)',
  usage: USAGE,
  commands: [
    defineCommand({
      name: '',
      usage: USAGE,
      options: OPTIONS,
      async run({ values }, io) {
        if (values.web) {
          return runWebPos(
            {
              ...(values.connect !== undefined ? { connect: values.connect } : {}),
              ...(values.port !== undefined ? { port: values.port } : {}),
              ...(values.bind !== undefined ? { bind: values.bind } : {}),
              ...(values['web-root'] !== undefined ? { root: values['web-root'] } : {}),
            },
            io,
          );
        }
        for (const only of ['port', 'bind', 'web-root'] as const) if (values[only] !== undefined) usageError(`--${only} goes with --web`);
        const { host, port } = hostPortArgument(values.connect ?? '127.0.0.1:5000', '--connect is HOST:PORT');
        const language = values.lang === 'en' ? 'en' : 'zh';
        const tid = values.tid ?? '10000159';
        const tmk = values.tmk ?? TEST_TMK;
        if (!/^([0-9A-Fa-f]{32}|[0-9A-Fa-f]{48})$/.test(tmk)) usageError('--tmk is 32 or 48 hex digits (a double- or triple-length TDES key)');
        const actions = values.script === undefined ? undefined : await scriptActions(values.script, io);
        const sm = posSecurityModule(tmk);
        const save = values.receipts === undefined ? undefined : receiptSaver(values.receipts);
        const common = {
          host,
          port,
          journalPath: values.journal ?? defaultJournalPath(tid),
          language,
          tid,
          mid: values.mid ?? '880210010210160',
          merchantName: values.merchant ?? (language === 'zh' ? '测试商户一 TEST MERCHANT 1' : 'TEST MERCHANT 1'),
          securityModule: sm,
        } as const;
        const checkTid = (session: PosSession) => {
          const own = session.terminal.state.tid;
          if (values.tid !== undefined && values.tid !== own) usageError(`the journal ${common.journalPath} is terminal ${own}'s, not ${values.tid}: give another --journal`);
        };
        if (actions) {
          const devices = new ScriptDevices(sm);
          const session = await openPosSession({ ...common, ports: devices.ports });
          try {
            checkTid(session);
            const { unexpected } = await runScript(session.terminal, devices, actions, (r) => io.out(JSON.stringify(r)), save);
            return unexpected === 0 ? 0 : 1;
          } finally {
            await session.close();
          }
        }
        const app = new PosApp({ language, securityModule: sm, ...(save ? { onReceipts: save } : {}) });
        const session = await openPosSession({ ...common, ports: app.ports });
        try {
          checkTid(session);
          app.attach(session.terminal);
          await runTextPos(app, { input: process.stdin, output: process.stdout });
        } finally {
          await session.close();
        }
        return 0;
      },
    }),
  ],
};
