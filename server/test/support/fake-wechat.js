"use strict";
Object.defineProperty(exports, "__esModule", { value: true });
exports.startFakeWechat = startFakeWechat;
/**
 * A real local HTTP server that imitates the WeChat server APIs the product uses (platform-notes.md,
 * "WeChat server APIs"), so the WeChat client and the login routes are tested over real HTTP with
 * no mocks. Tests register login codes and phone codes, make tokens stale, queue errcodes, and
 * assert on the recorded requests (appid, secret, grant_type, js_code, force_refresh...).
 *
 *   const fake = await startFakeWechat({ appId: 'wx-test', secret: 'test-secret' });
 *   fake.addLoginCode('c1', 'o-alice');            // → { openid: 'o-alice', session_key }
 *   fake.addLoginCode('c2', { errcode: 40226 });   // → { errcode: 40226, errmsg }
 *   fake.addPhoneCode('p1', '13900000001');
 *   ... WECHAT_API_BASE = fake.url ...
 *   await fake.stop();
 */
const node_http_1 = require("node:http");
const ERRMSG = {
    40001: 'invalid credential, access_token is invalid or not latest',
    40013: 'invalid appid',
    40029: 'invalid code',
    40125: 'invalid appsecret',
    40163: 'code been used',
    40226: 'high risk user',
    45011: 'api minute-quota reach limit, mustslower retry next minute',
    42001: 'access_token expired',
};
async function startFakeWechat(opts = {}) {
    const appId = opts.appId ?? 'wx-test';
    const secret = opts.secret ?? 'test-secret';
    const requests = [];
    const loginCodes = new Map();
    const usedCodes = new Set();
    const phoneCodes = new Map();
    const apiErrors = [];
    let token = null;
    let tokenSerial = 0;
    let stale = false;
    let down = null;
    let hold = null;
    const fail = (errcode) => ({ errcode, errmsg: ERRMSG[errcode] ?? 'error' });
    const newToken = () => {
        tokenSerial += 1;
        token = `fake-token-${tokenSerial}-${Math.random().toString(36).slice(2, 10)}`;
        stale = false;
        return token;
    };
    function answer(req) {
        if (req.method === 'GET' && req.path === '/sns/jscode2session') {
            const q = req.query;
            if (q.appid !== appId)
                return fail(40013);
            if (q.secret !== secret)
                return fail(40125);
            if (q.grant_type !== 'authorization_code')
                return { errcode: 40002, errmsg: 'invalid grant_type' };
            const entry = loginCodes.get(q.js_code ?? '');
            if (entry === undefined)
                return fail(40029);
            if (typeof entry !== 'string')
                return fail(entry.errcode);
            if (usedCodes.has(q.js_code))
                return fail(40163);
            usedCodes.add(q.js_code);
            // Like WeChat: no errcode at all on success.
            return { openid: entry, session_key: `sk-${q.js_code}` };
        }
        if (req.method === 'POST' && req.path === '/cgi-bin/stable_token') {
            const b = req.body ?? {};
            if (b.grant_type !== 'client_credential')
                return { errcode: 40002, errmsg: 'invalid grant_type' };
            if (b.appid !== appId)
                return fail(40013);
            if (b.secret !== secret)
                return fail(40125);
            // Normal mode hands back the token still valid; force_refresh (or a first call) makes a new one.
            const value = b.force_refresh === true || token === null ? newToken() : token;
            return { access_token: value, expires_in: 7200 };
        }
        if (req.method === 'POST' && req.path === '/wxa/business/getuserphonenumber') {
            if (apiErrors.length)
                return fail(apiErrors.shift());
            if (!token || req.query.access_token !== token || stale)
                return fail(40001);
            const phone = phoneCodes.get(req.body?.code);
            if (!phone)
                return fail(40029);
            phoneCodes.delete(req.body.code);
            return { errcode: 0, errmsg: 'ok', phone_info: { phoneNumber: phone, purePhoneNumber: phone, countryCode: '86', watermark: { appid: appId } } };
        }
        return { errcode: 404, errmsg: `fake wechat: no route ${req.method} ${req.path}` };
    }
    async function handle(req, res) {
        const chunks = [];
        for await (const c of req)
            chunks.push(c);
        const raw = Buffer.concat(chunks).toString('utf8');
        const u = new URL(req.url ?? '/', 'http://fake');
        let body;
        try {
            body = raw ? JSON.parse(raw) : undefined;
        }
        catch {
            body = raw;
        }
        const recorded = { method: req.method ?? '', path: u.pathname, query: Object.fromEntries(u.searchParams), body };
        requests.push(recorded);
        if (hold && req.method === 'POST' && u.pathname !== '/cgi-bin/stable_token') {
            const h = hold;
            hold = null;
            h.arrive();
            await h.released;
        }
        if (down === 'reset') {
            req.socket.destroy();
            return;
        }
        if (down === 'html') {
            res.writeHead(502, { 'content-type': 'text/html' }).end('<html><body>502 Bad Gateway</body></html>');
            return;
        }
        // WeChat answers errors with HTTP 200 and a JSON errcode; jscode2session even says text/plain.
        res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(answer(recorded)));
    }
    const server = (0, node_http_1.createServer)((req, res) => {
        handle(req, res).catch(() => res.destroy());
    });
    server.keepAliveTimeout = 1000;
    await new Promise((resolve, reject) => {
        server.once('error', reject);
        server.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address();
    return {
        url: `http://127.0.0.1:${port}`,
        requests,
        calls: (path) => requests.filter((r) => r.path === path),
        addLoginCode: (code, a) => void loginCodes.set(code, a),
        addPhoneCode: (code, phone) => void phoneCodes.set(code, phone),
        currentToken: () => token,
        makeTokenStale: () => {
            stale = true;
        },
        queueApiErrors: (...codes) => void apiErrors.push(...codes),
        holdNextApiCall: () => {
            let arrive;
            let release;
            const arrived = new Promise((r) => (arrive = r));
            hold = { arrive, released: new Promise((r) => (release = r)) };
            return { arrived, release };
        },
        setDown: (mode) => {
            down = mode;
        },
        stop: () => new Promise((resolve) => {
            server.close(() => resolve());
            server.closeAllConnections();
        }),
    };
}
//# sourceMappingURL=fake-wechat.js.map