import * as z from "zod/mini";
import { en } from "zod/locales";

// zod/mini ships without messages ("Invalid input" for everything); the settings problems Junction
// shows word a wrong type or an out-of-range number with zod's own English ones ("expected number,
// received string", "Too big: expected number to be <=600"). Configured once, for every schema.
z.config(en());
