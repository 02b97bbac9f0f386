#!/usr/bin/env bash
# Creates the standard files of a project: tools/new-project.sh libs/<name>|apps/<name> [deps...]
# (project.json with build, typecheck, lint and test targets; tsconfigs; jest config; package.json).
set -euo pipefail
dir=$1; shift
name=$(basename "$dir")
kind=$([[ $dir == apps/* ]] && echo application || echo library)
tag=$([[ $dir == apps/* ]] && echo type:app || echo type:lib)
[[ $name == e2e ]] && tag=type:e2e
mkdir -p "$dir/src"
deps=""; for d in "$@"; do deps="$deps\"@ceg/$d\": \"*\","; done; deps=${deps%,}
main=$([[ $kind == application ]] && echo dist/index.js || echo dist/index.js)
cat > "$dir/package.json" <<JSON
{
  "name": "@ceg/$name",
  "version": "0.1.0",
  "private": true,
  "main": "$main",
  "types": "dist/index.d.ts",
  "dependencies": { $deps }
}
JSON
cat > "$dir/project.json" <<JSON
{
  "name": "$name",
  "\$schema": "../../node_modules/nx/schemas/project-schema.json",
  "projectType": "$kind",
  "sourceRoot": "$dir/src",
  "tags": ["$tag"],
  "targets": {
    "build": { "command": "tsc -p $dir/tsconfig.build.json" },
    "typecheck": { "command": "tsc -p $dir/tsconfig.json --noEmit" },
    "lint": { "command": "eslint $dir --max-warnings 0" },
    "test": { "command": "jest -c $dir/jest.config.js --passWithNoTests" }
  }
}
JSON
cat > "$dir/tsconfig.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "types": ["node", "jest"] },
  "include": ["src/**/*.ts"]
}
JSON
cat > "$dir/tsconfig.build.json" <<JSON
{
  "extends": "../../tsconfig.base.json",
  "compilerOptions": { "outDir": "dist", "rootDir": "src", "paths": {} },
  "include": ["src/**/*.ts"],
  "exclude": ["src/**/*.spec.ts", "src/testing/**"]
}
JSON
cat > "$dir/jest.config.js" <<JSON
module.exports = { ...require('../../jest.preset.js'), displayName: '$name', rootDir: __dirname };
JSON
