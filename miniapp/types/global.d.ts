/// <reference types="@tarojs/taro" />

declare module '*.png';
declare module '*.svg';
declare module '*.css';
declare module '*.scss';

declare namespace NodeJS {
  interface ProcessEnv {
    NODE_ENV: 'development' | 'production' | 'test';
    /** The platform being built; Taro replaces it at build time, so dead branches drop out. */
    TARO_ENV: 'weapp' | 'h5' | 'swan' | 'alipay' | 'tt' | 'qq' | 'jd' | 'rn' | 'harmony';
    /** API origin, e.g. `https://ld.example.gov.cn`; '' = same origin (H5 served by the server). */
    TARO_APP_API_BASE?: string;
  }
}
