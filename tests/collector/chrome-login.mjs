// SPDX-License-Identifier: ISC
// chrome-login.mjs - signs a headless Chromium in as a person does: opens
// BASE/login?next=NEXT, types the token into the form, submits it (a
// same-origin POST: the server refuses one from another site), waits for
// the page the server moves on to and prints its DOM.
// usage: node --experimental-websocket chrome-login.mjs CHROME BASE TOKEN NEXT PROFILE_DIR
import { spawn } from "node:child_process";

const [chromeBin, base, token, next, profile] = process.argv.slice(2);
const chrome = spawn(chromeBin, ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
	"--disable-background-networking", "--disable-component-update", "--disable-sync",
	`--user-data-dir=${profile}`, "--remote-debugging-port=0", "about:blank"], { stdio: ["ignore", "ignore", "pipe"] });
const quit = (code, msg) => {
	if (msg)
		process.stderr.write(`chrome-login: ${msg}\n`);
	chrome.kill("SIGKILL");
	process.exit(code);
};
setTimeout(() => quit(1, "timed out"), 60000).unref();

const wsUrl = await new Promise((resolve) => {
	let err = "";
	chrome.stderr.on("data", (d) => {
		err += d;
		const m = err.match(/DevTools listening on (ws:\/\/\S+)/);
		if (m)
			resolve(m[1]);
	});
	chrome.on("exit", () => quit(1, "chromium exited: " + err.slice(0, 300)));
});

const ws = new WebSocket(wsUrl);
await new Promise((resolve, reject) => { ws.onopen = resolve; ws.onerror = reject; });
let seq = 0;
const waiting = new Map();
ws.onmessage = (ev) => {
	const m = JSON.parse(ev.data);
	if (m.id && waiting.has(m.id)) {
		waiting.get(m.id)(m);
		waiting.delete(m.id);
	}
};
const send = (method, params = {}, sessionId) => new Promise((resolve) => {
	const id = ++seq;
	waiting.set(id, resolve);
	ws.send(JSON.stringify({ id, method, params, sessionId }));
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

const { result: { targetId } } = await send("Target.createTarget",
	{ url: `${base}/login?next=${encodeURIComponent(next)}` });
const { result: { sessionId } } = await send("Target.attachToTarget", { targetId, flatten: true });
const evaluate = async (expression) => {
	const r = await send("Runtime.evaluate", { expression, returnByValue: true }, sessionId);
	return r.result && r.result.result ? r.result.result.value : undefined;
};

for (let i = 0; !(await evaluate("!!document.querySelector('input[name=token]')")); i++) {
	if (i > 100)
		quit(1, "no sign-in form");
	await sleep(100);
}
await evaluate(`document.querySelector('input[name=token]').value = ${JSON.stringify(token)};
	document.querySelector('form').submit(); true`);
for (let i = 0; ; i++) {
	const path = await evaluate("location.pathname");
	const state = await evaluate("document.readyState");
	if (path === next && state === "complete")
		break;
	if (i > 200)
		break; /* print what there is: the caller's checks say what went wrong */
	await sleep(100);
}
process.stdout.write((await evaluate("document.documentElement.outerHTML")) || "");
quit(0);
