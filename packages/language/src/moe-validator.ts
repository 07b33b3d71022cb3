/**
 * Validation checks of the .moe language, registered in one map. Each check reports against the
 * exact node and property so the squiggle lands on the offending token; fixable problems carry an
 * IssueCode in `data`.
 */
import type { ValidationAcceptor, ValidationChecks } from 'langium';
import type {
    Argument,
    Call,
    DataDecl,
    FitDecl,
    Model,
    MoeAstType,
    MoeFile,
    NameValue,
    NumberValue,
    PredictDecl,
    SplitDecl
} from './generated/ast.js';
import type { MoeServices } from './moe-module.js';
import { checkArgumentValue, checkCall } from './validation/call-checks.js';
import { NameChecks } from './validation/name-checks.js';
import { FileChecks } from './validation/file-checks.js';
import { checkCsvSource } from './validation/csv-checks.js';
import { checkNumberLiteral } from './validation/number-checks.js';
import { checkFitSize } from './validation/size-checks.js';
import {
    checkGenerator,
    checkModelStructure,
    checkPredict,
    checkPriorDimensions,
    checkSplit
} from './validation/model-checks.js';

export function registerValidationChecks(services: MoeServices): void {
    const registry = services.validation.ValidationRegistry;
    const validator = services.validation.MoeValidator;
    const checks: ValidationChecks<MoeAstType> = {
        MoeFile: [validator.checkFile],
        Model: [validator.checkModel],
        DataDecl: [validator.checkData],
        SplitDecl: [validator.checkSplit],
        FitDecl: [validator.checkFit],
        PredictDecl: [validator.checkPredict],
        Call: [validator.checkCall],
        Argument: [validator.checkArgument],
        NameValue: [validator.checkNameValue],
        NumberValue: [validator.checkNumber]
    };
    registry.register(checks, validator);
}

export class MoeValidator {
    private readonly names: NameChecks;
    private readonly files: FileChecks;

    constructor(services: MoeServices) {
        this.names = new NameChecks(services);
        this.files = new FileChecks(services);
    }

    checkFile(file: MoeFile, accept: ValidationAcceptor): void {
        this.files.checkImports(file, accept);
        this.files.checkModels(file, accept);
        this.names.checkFileDuplicates(file, accept);
        this.files.checkUnusedPriors(file, accept);
    }

    checkModel(model: Model, accept: ValidationAcceptor): void {
        this.names.checkModelDuplicates(model, accept);
        checkModelStructure(model, accept);
        checkPriorDimensions(model, accept);
        checkFitSize(model, accept);
    }

    checkData(data: DataDecl, accept: ValidationAcceptor): void {
        if (!data.source) return;
        checkCsvSource(data, accept);
        checkGenerator(data.source, accept);
    }

    checkSplit(split: SplitDecl, accept: ValidationAcceptor): void {
        this.names.checkSplitSource(split, accept);
        checkSplit(split, accept);
    }

    checkFit(fit: FitDecl, accept: ValidationAcceptor): void {
        this.names.checkFitStream(fit, accept);
    }

    checkPredict(predict: PredictDecl, accept: ValidationAcceptor): void {
        this.names.checkPredictStream(predict, accept);
        checkPredict(predict, accept);
    }

    checkCall(call: Call, accept: ValidationAcceptor): void {
        checkCall(call, accept);
    }

    checkArgument(argument: Argument, accept: ValidationAcceptor): void {
        checkArgumentValue(argument, accept);
    }

    checkNumber(value: NumberValue, accept: ValidationAcceptor): void {
        checkNumberLiteral(value, accept);
    }

    checkNameValue(value: NameValue, accept: ValidationAcceptor): void {
        this.names.checkNameValue(value, accept);
    }
}
