// Jest's resolver, with one addition: the storefront kit (src/storefront) imports its own files as
// "./x.js", what Node's ES modules need once built; in the sources they are ./x.ts or ./x.tsx.
const path = require("node:path")

const KIT = `${path.sep}src${path.sep}storefront`

module.exports = (request, options) => {
  if (/^\.\.?\//.test(request) && request.endsWith(".js") && options.basedir.includes(KIT)) {
    return options.defaultResolver(request.slice(0, -".js".length), options)
  }
  return options.defaultResolver(request, options)
}
