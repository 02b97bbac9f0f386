module.exports = { ...require('../../jest.preset.js'), displayName: 'kit', rootDir: __dirname };
