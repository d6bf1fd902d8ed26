/**
 * The `cardwire pos --script` format and its runner (docs/pos.md).
 *
 * @packageDocumentation
 */
export { parseScript, parseScriptAction, SCRIPT_ACTIONS, type ScriptAction, type ScriptActionName } from './parse';
export { runScript, runScriptAction, ScriptDevices, type ScriptResult } from './run';
