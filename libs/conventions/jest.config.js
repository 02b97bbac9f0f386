module.exports = { ...require('../../jest.preset.js'), displayName: 'conventions', rootDir: __dirname };
