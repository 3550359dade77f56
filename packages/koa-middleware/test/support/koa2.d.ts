// `koa2` is Koa 2 under an alias (package.json), to run the shared scenarios on both majors of the
// peer range. Its API is the one @types/koa describes.
declare module 'koa2' {
  import Koa from 'koa'
  export default Koa
}
