// A minimal Module, like PyTorch's nn.Module: named parameters, named children, train/eval mode.
// Parameter names join the path of children with dots, exactly as PyTorch's state_dict does
// ("encoder.layers.0.self_attn.linears.1.weight"), so weights move between the two unchanged.
import * as tf from "@tensorflow/tfjs-core";
import {randomUniform} from "../tfjs/uniform.js";

export abstract class Module {
  training = true;
  private readonly ownParameters = new Map<string, tf.Variable>();
  private readonly children = new Map<string, Module>();

  protected parameter<R extends tf.Rank>(name: string, init: tf.Tensor<R>): tf.Variable<R> {
    const v = tf.variable(init, true);
    init.dispose();
    this.ownParameters.set(name, v);
    return v;
  }

  protected child<M extends Module>(name: string, module: M): M {
    this.children.set(name, module);
    return module;
  }

  /** Registers a list of children as name.0, name.1, ... (PyTorch's nn.ModuleList). */
  protected childList<M extends Module>(name: string, modules: M[]): M[] {
    modules.forEach((m, i) => this.children.set(`${name}.${i}`, m));
    return modules;
  }

  /**
   * Puts `v` in the place of the parameter `name`, as PyTorch's `module.weight = other.weight`
   * does: the old variable is disposed and `v` is returned, for the field that holds it.
   */
  replaceParameter<R extends tf.Rank>(name: string, v: tf.Variable<R>): tf.Variable<R> {
    const old = this.ownParameters.get(name);
    if (old === undefined) throw new Error(`replaceParameter: the module has no parameter "${name}"; it has ${[...this.ownParameters.keys()].join(", ")}`);
    if (old.shape.join() !== v.shape.join()) throw new Error(`replaceParameter: "${name}" has shape [${old.shape}] but the new variable has [${v.shape}]`);
    if (old !== v) old.dispose();
    this.ownParameters.set(name, v);
    return v;
  }

  /**
   * Every parameter, with its state_dict name, in registration order. A variable that several
   * modules share is listed once, under its first name, as PyTorch's named_parameters() does.
   */
  namedParameters(prefix = ""): [string, tf.Variable][] {
    const seen = new Set<tf.Variable>();
    return this.allNamedParameters(prefix).filter(([, v]) => !seen.has(v) && seen.add(v));
  }

  private allNamedParameters(prefix: string): [string, tf.Variable][] {
    const out: [string, tf.Variable][] = [];
    for (const [name, v] of this.ownParameters) out.push([prefix + name, v]);
    for (const [name, m] of this.children) out.push(...m.allNamedParameters(`${prefix}${name}.`));
    return out;
  }

  parameters(): tf.Variable[] {
    return this.namedParameters().map(([, v]) => v);
  }

  /** Dropout on (training) or off (evaluation), for this module and every child. */
  train(on = true): this {
    this.training = on;
    for (const m of this.children.values()) m.train(on);
    return this;
  }

  eval(): this {
    return this.train(false);
  }

  /** Runs f in eval mode (dropout off), then puts the module back in the mode it was in. */
  evaluating<T>(f: () => T): T {
    const wasTraining = this.training;
    this.eval();
    try {
      return f();
    } finally {
      this.train(wasTraining);
    }
  }

  dispose(): void {
    for (const v of this.ownParameters.values()) if (!v.isDisposed) v.dispose(); // a shared one is met more than once
    for (const m of this.children.values()) m.dispose();
  }
}

// #region xavier
/** Xavier (Glorot) uniform for a weight [fanOut, fanIn]: U(-a, a) with a = sqrt(6 / (fanIn + fanOut)). */
export function xavierUniform(shape: [number, number], seed: number): tf.Tensor2D {
  const [fanOut, fanIn] = shape;
  const a = Math.sqrt(6 / (fanIn + fanOut));
  return randomUniform(shape, -a, a, seed);
}
// #endregion xavier
