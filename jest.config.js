// Runs every project's tests: `npx jest` or, per project, `nx test <project>`.
const { readdirSync, existsSync } = require('node:fs');
const projects = [];
for (const dir of ['libs', 'apps']) {
  for (const name of readdirSync(`${__dirname}/${dir}`)) {
    const config = `${__dirname}/${dir}/${name}/jest.config.js`;
    if (existsSync(config)) projects.push(config);
  }
}
// Global options (project configs cannot set these): suites that start a whole graph need time.
module.exports = { projects, testTimeout: 60_000 };
