// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
module.exports = {
  presets: [
    [
      'taro',
      {
        framework: 'react',
        ts: true,
        compiler: 'webpack5',
        // The ranking engine's exact fractions (shared/src/rules/ranking/rational.ts) use BigInt with
        // `**`: turned into Math.pow, `10n ** 2n` throws "Cannot convert a BigInt value to a number".
        // `**` itself is ES2016 (iOS 10.3+, every WeChat base library that has BigInt).
        exclude: ['transform-exponentiation-operator'],
      },
    ],
  ],
};
