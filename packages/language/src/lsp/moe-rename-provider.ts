/**
 * Rename: Langium's, which finds references across files through the index (a prior renamed in
 * `priors.moe` is renamed in every model that imports it), limited to what the user declares
 * (priors, data streams, split parts, models) and to new names the grammar accepts. Parameter
 * names belong to the catalogue and cannot be renamed.
 */
import { CstUtils, type AstNode, type LangiumDocument } from 'langium';
import { DefaultRenameProvider, type LangiumServices } from 'langium/lsp';
import {
    ErrorCodes,
    ResponseError,
    type Range,
    type RenameParams,
    type TextDocumentPositionParams,
    type WorkspaceEdit
} from 'vscode-languageserver';
import { isDataDecl, isModel, isPriorDecl, isSplitPart } from '../generated/ast.js';

const IDENTIFIER = /^[_a-zA-Z]\w*$/;

export class MoeRenameProvider extends DefaultRenameProvider {
    /** The grammar's keywords (the lexer's token types spelled in lower case; terminals are upper case). */
    protected readonly keywords: ReadonlySet<string>;

    constructor(services: LangiumServices) {
        super(services);
        this.keywords = new Set(Object.keys(services.parser.Lexer.definition).filter(name => /^[a-z_]+$/.test(name)));
    }

    override async rename(document: LangiumDocument, params: RenameParams): Promise<WorkspaceEdit | undefined> {
        if (!this.renameableTarget(document, params)) {
            return undefined;
        }
        if (!IDENTIFIER.test(params.newName) || this.keywords.has(params.newName)) {
            throw new ResponseError(
                ErrorCodes.InvalidParams,
                `'${params.newName}' is not a valid name: use letters, digits and _, not starting with a digit, and not a keyword.`
            );
        }
        return super.rename(document, params);
    }

    override prepareRename(document: LangiumDocument, params: TextDocumentPositionParams): Range | undefined {
        return this.renameableTarget(document, params)
            ? (super.prepareRename(document, params) as Range | undefined)
            : undefined;
    }

    /** The declaration under the cursor (or that the name under the cursor refers to), if the user may rename it. */
    protected renameableTarget(document: LangiumDocument, params: TextDocumentPositionParams): AstNode | undefined {
        const root = document.parseResult.value.$cstNode;
        if (!root) {
            return undefined;
        }
        const offset = document.textDocument.offsetAt(params.position);
        const leaf = CstUtils.findDeclarationNodeAtOffset(root, offset, this.grammarConfig.nameRegexp);
        const [target] = leaf ? this.references.findDeclarations(leaf) : [];
        return isPriorDecl(target) || isDataDecl(target) || isSplitPart(target) || isModel(target) ? target : undefined;
    }
}
