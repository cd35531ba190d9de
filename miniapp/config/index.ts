import path from 'node:path';
import { defineConfig, type UserConfigExport } from '@tarojs/cli';

// The shared contract package is TypeScript source outside node_modules: Taro's script rule only
// compiles `src/` and Taro's own packages, so it has to be named in `compile.include` as well.
const sharedSrc = path.resolve(__dirname, '../../shared/src');

export default defineConfig<'webpack5'>(async () => {
  const config: UserConfigExport<'webpack5'> = {
    projectName: 'liangdian',
    date: '2026-11-23',
    designWidth: 750,
    deviceRatio: { 640: 2.34 / 2, 750: 1, 375: 2, 828: 1.81 / 2 },
    sourceRoot: 'src',
    // One folder per platform, or the h5 build overwrites the weapp one (platform-notes.md).
    outputRoot: `dist/${process.env.TARO_ENV}`,
    plugins: [],
    // Taro only injects TARO_APP_* from .env files; reading the shell too lets CI and the weapp
    // build pass an absolute https API base (`TARO_APP_API_BASE=https://… npm run build:weapp`).
    // A value in a miniapp/.env* file still wins over the shell (Taro merges those last).
    env: { TARO_APP_API_BASE: JSON.stringify(process.env.TARO_APP_API_BASE ?? '') },
    alias: { '@liangdian/shared': sharedSrc },
    defineConstants: {},
    copy: { patterns: [], options: {} },
    framework: 'react',
    compiler: 'webpack5',
    cache: { enable: false },
    mini: {
      compile: { include: [sharedSrc] },
      postcss: {
        pxtransform: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
    h5: {
      publicPath: '/',
      staticDirectory: 'static',
      // The server serves dist/h5 at `/` with no history fallback, so routes live in the hash.
      router: { mode: 'hash' },
      compile: { include: [sharedSrc] },
      output: { filename: 'js/[name].[hash:8].js', chunkFilename: 'js/[name].[chunkhash:8].js' },
      miniCssExtractPluginOption: {
        ignoreOrder: true,
        filename: 'css/[name].[hash].css',
        chunkFilename: 'css/[name].[chunkhash].css',
      },
      // Taro splits only initial chunks on H5, so every lazily loaded page carried its own copy of
      // NutUI, zod and the API client; sharing them across page chunks cuts the download ~4x.
      webpackChain(chain) {
        chain.optimization.splitChunks({ ...chain.optimization.get('splitChunks'), chunks: 'all' });
      },
      postcss: {
        autoprefixer: { enable: true, config: {} },
        cssModules: { enable: false, config: { namingPattern: 'module', generateScopedName: '[name]__[local]___[hash:base64:5]' } },
      },
    },
  };
  return config;
});
