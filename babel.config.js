// babel-preset-taro options: https://docs.taro.zone/docs/next/babel-config
// hot: false because dev:h5 is a watch build, not a dev server: no react-refresh needed.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5', hot: false }]],
};
