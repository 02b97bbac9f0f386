module.exports = { ...require('../../jest.preset.js'), displayName: 'programs', rootDir: __dirname };
