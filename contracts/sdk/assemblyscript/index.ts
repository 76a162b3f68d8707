// wes-engine AssemblyScript contract SDK. Import from here:
//   import { Params, Storage, Context, Event, Status, returnString } from "@wes-engine/sdk";
// (inside this repository the templates import it by path: "../../sdk/assemblyscript/index")
export * from "./status";
export * from "./bytes";
export * from "./json";
export * from "./json-writer";
export * from "./address";
export * from "./context";
export * from "./storage";
export * from "./params";
export * from "./output";
export * from "./token";

