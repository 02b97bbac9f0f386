module.exports = { ...require('../../jest.preset.js'), displayName: 'libraries', rootDir: __dirname };
