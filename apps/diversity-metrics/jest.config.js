module.exports = { ...require('../../jest.preset.js'), displayName: 'diversity-metrics', rootDir: __dirname };
