import { VERSION } from 'nestjs-janus';
console.log(VERSION);
