export interface RecordedRequest {
    method: string;
    path: string;
    query: Record<string, string>;
    /** The parsed JSON body (POST), or undefined. */
    body: any;
}
/** How the server answers everything while it is "down" (HTTP 502 with an HTML page, or a reset socket). */
export type DownMode = 'html' | 'reset' | null;
export interface FakeWechat {
    url: string;
    requests: RecordedRequest[];
    /** Requests to one API path, e.g. `/cgi-bin/stable_token`. */
    calls(path: string): RecordedRequest[];
    /** A `wx.login` code: works once for an openid, or always answers the given errcode. */
    addLoginCode(code: string, answer: string | {
        errcode: number;
    }): void;
    /** A `getPhoneNumber` button code and the (mainland) phone number it stands for. */
    addPhoneCode(code: string, phone: string): void;
    /** The access token currently valid; null before the first stable_token call. */
    currentToken(): string | null;
    /** The current token stops working: API calls get 40001 until a `force_refresh` issues a new one. */
    makeTokenStale(): void;
    /** The next API calls (not stable_token) answer these errcodes, one each, before anything else. */
    queueApiErrors(...errcodes: number[]): void;
    /** The next API call (not stable_token) waits for `release()`; it is answered as things stand then. */
    holdNextApiCall(): {
        arrived: Promise<void>;
        release: () => void;
    };
    setDown(mode: DownMode): void;
    stop(): Promise<void>;
}
export declare function startFakeWechat(opts?: {
    appId?: string;
    secret?: string;
    port?: number;
}): Promise<FakeWechat>;
