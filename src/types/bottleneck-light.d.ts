// bottleneck's light build (no Redis clustering, the one Octokit's throttling plugin uses) has
// the same API as its main entry, which carries the types.
declare module 'bottleneck/light.js' {
  import Bottleneck from 'bottleneck';
  export default Bottleneck;
}
